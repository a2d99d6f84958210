package org.normlab.ml.data.transform;

/**
 * Pillow's bilinear resize of 8-bit images ({@code Image.resize(size, BILINEAR)}, which
 * torchvision's Resize and RandomResizedCrop use on PIL images): a separable triangle filter
 * widened by the scale when shrinking (so it antialiases), coefficients normalized per output pixel
 * and rounded to 22-bit fixed point, a horizontal pass into 8 bits, then a vertical pass.
 * Reimplemented from Pillow's documented algorithm so that outputs match it byte for byte
 * ({@code PilBilinearTest} compares with Pillow 9.4).
 */
public final class PilBilinear {

  private static final int PRECISION_BITS = 32 - 8 - 2;

  private PilBilinear() {}

  public static RgbImage resize(RgbImage in, int outWidth, int outHeight) {
    if (outWidth < 1 || outHeight < 1) {
      throw new IllegalArgumentException("output size must be positive, got " + outWidth + "x" + outHeight);
    }
    Coefficients horizontal = Coefficients.of(in.width(), outWidth);
    Coefficients vertical = Coefficients.of(in.height(), outHeight);
    RgbImage image = in;
    int firstRow = 0;
    if (outWidth != in.width()) {
      // Only the rows the vertical pass reads are resampled horizontally, as Pillow does.
      firstRow = vertical.start[0];
      int lastRow = vertical.start[outHeight - 1] + vertical.count[outHeight - 1];
      image = horizontalPass(in, horizontal, firstRow, lastRow - firstRow);
    }
    if (outHeight != in.height()) {
      image = verticalPass(image, vertical, firstRow);
    }
    return image;
  }

  /** Per output pixel, the three channels summed together over its taps, straight from the bytes. */
  private static RgbImage horizontalPass(RgbImage in, Coefficients k, int firstRow, int rows) {
    int outWidth = k.start.length;
    byte[] src = in.pixels();
    int inRow = in.width() * 3;
    byte[] out = new byte[rows * outWidth * 3];
    int half = 1 << (PRECISION_BITS - 1);
    for (int y = 0; y < rows; y++) {
      int rowBase = (y + firstRow) * inRow;
      int o = y * outWidth * 3;
      for (int x = 0; x < outWidth; x++) {
        int[] weights = k.weights[x];
        int p = rowBase + k.start[x] * 3;
        int r = half;
        int g = half;
        int b = half;
        for (int i = 0, n = k.count[x]; i < n; i++, p += 3) {
          int w = weights[i];
          r += (src[p] & 0xff) * w;
          g += (src[p + 1] & 0xff) * w;
          b += (src[p + 2] & 0xff) * w;
        }
        out[o++] = clip8(r);
        out[o++] = clip8(g);
        out[o++] = clip8(b);
      }
    }
    return new RgbImage(rows, outWidth, out);
  }

  /** Whole rows at a time: each tap adds a weighted input row to the output row's sums. */
  private static RgbImage verticalPass(RgbImage in, Coefficients k, int rowOffset) {
    int outHeight = k.start.length;
    int rowLength = in.width() * 3;
    byte[] src = in.pixels();
    byte[] out = new byte[outHeight * rowLength];
    int[] sums = new int[rowLength];
    int half = 1 << (PRECISION_BITS - 1);
    for (int y = 0; y < outHeight; y++) {
      java.util.Arrays.fill(sums, half);
      int[] weights = k.weights[y];
      for (int i = 0, n = k.count[y]; i < n; i++) {
        int w = weights[i];
        int base = (k.start[y] - rowOffset + i) * rowLength;
        for (int j = 0; j < rowLength; j++) {
          sums[j] += (src[base + j] & 0xff) * w;
        }
      }
      int o = y * rowLength;
      for (int j = 0; j < rowLength; j++) {
        out[o + j] = clip8(sums[j]);
      }
    }
    return new RgbImage(outHeight, in.width(), out);
  }

  private static byte clip8(int value) {
    if (value >= (1 << PRECISION_BITS << 8)) {
      return (byte) 255;
    }
    if (value <= 0) {
      return 0;
    }
    return (byte) (value >> PRECISION_BITS);
  }

  /** Per output pixel: first input pixel, how many, and their fixed-point weights. */
  private record Coefficients(int[] start, int[] count, int[][] weights) {

    static Coefficients of(int inSize, int outSize) {
      double scale = (double) inSize / outSize;
      double filterScale = Math.max(scale, 1.0);
      double support = filterScale; // the triangle's support is 1, widened when shrinking
      int[] start = new int[outSize];
      int[] count = new int[outSize];
      int[][] weights = new int[outSize][];
      for (int xx = 0; xx < outSize; xx++) {
        double center = (xx + 0.5) * scale;
        int min = Math.max((int) (center - support + 0.5), 0);
        int max = Math.min((int) (center + support + 0.5), inSize) - min;
        double[] w = new double[max];
        double total = 0;
        double reciprocal = 1.0 / filterScale; // multiplied, not divided: Pillow's rounding
        for (int x = 0; x < max; x++) {
          w[x] = triangle((x + min - center + 0.5) * reciprocal);
          total += w[x];
        }
        int[] fixed = new int[max];
        for (int x = 0; x < max; x++) {
          double normalized = total != 0 ? w[x] / total : w[x];
          fixed[x] = (int) (normalized < 0
              ? -0.5 + normalized * (1 << PRECISION_BITS)
              : 0.5 + normalized * (1 << PRECISION_BITS));
        }
        start[xx] = min;
        count[xx] = max;
        weights[xx] = fixed;
      }
      return new Coefficients(start, count, weights);
    }

    private static double triangle(double x) {
      double a = Math.abs(x);
      return a < 1 ? 1 - a : 0;
    }
  }
}
