package org.normlab.ml.detection.coco;

/**
 * numpy's pairwise summation of doubles (np.add.reduce on a contiguous array): blocks of up to 128
 * summed with eight interleaved accumulators, larger ranges split in halves (rounded to a multiple
 * of 8) and added. Reproducing the order makes our means bit-identical to np.mean.
 */
final class PairwiseSum {

  private static final int BLOCK = 128;

  private PairwiseSum() {}

  static double sum(double[] a, int from, int n) {
    if (n < 8) {
      double res = 0.;
      for (int i = 0; i < n; i++) {
        res += a[from + i];
      }
      return res;
    }
    if (n <= BLOCK) {
      double[] r = new double[8];
      for (int j = 0; j < 8; j++) {
        r[j] = a[from + j];
      }
      int i;
      for (i = 8; i < n - (n % 8); i += 8) {
        for (int j = 0; j < 8; j++) {
          r[j] += a[from + i + j];
        }
      }
      double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) {
        res += a[from + i];
      }
      return res;
    }
    int n2 = n / 2;
    n2 -= n2 % 8;
    return sum(a, from, n2) + sum(a, from + n2, n - n2);
  }
}
