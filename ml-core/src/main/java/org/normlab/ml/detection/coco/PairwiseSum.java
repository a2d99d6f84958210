package org.normlab.ml.detection.coco;

/**
 * numpy's summation order for np.sum / np.mean of a contiguous float64 array: the array is reduced
 * in chunks of 8192 elements (the ufunc machinery's buffer size), added one after another to the
 * running total; inside a chunk, pairwise summation: blocks of up to 128 summed with eight
 * interleaved accumulators, larger ranges split in halves (rounded to a multiple of 8). Reproducing
 * the order makes our means bit-identical to np.mean.
 */
final class PairwiseSum {

  private static final int CHUNK = 8192;
  private static final int BLOCK = 128;

  private PairwiseSum() {}

  static double sum(double[] a, int from, int n) {
    double total = 0;
    for (int start = 0; start < n; start += CHUNK) {
      total += pairwise(a, from + start, Math.min(CHUNK, n - start));
    }
    return total;
  }

  private static double pairwise(double[] a, int from, int n) {
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
    return pairwise(a, from, n2) + pairwise(a, from + n2, n - n2);
  }
}
