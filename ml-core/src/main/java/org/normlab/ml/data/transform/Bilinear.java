package org.normlab.ml.data.transform;

/**
 * Bilinear resize without antialiasing, pixel centres at half-integers: OpenCV's {@code
 * INTER_LINEAR}, which MABN's crops use, defined as {@code torch.nn.functional.interpolate(mode=
 * "bilinear", align_corners=False)}. Computed in double precision and rounded half to even.
 * OpenCV itself works in 11-bit fixed point, so it can differ from this by one level on some
 * pixels.
 */
public final class Bilinear {

  private Bilinear() {}

  public static RgbImage resize(RgbImage in, int outWidth, int outHeight) {
    Axis ys = Axis.of(in.height(), outHeight);
    Axis xs = Axis.of(in.width(), outWidth);
    byte[] out = new byte[outHeight * outWidth * 3];
    for (int y = 0; y < outHeight; y++) {
      for (int x = 0; x < outWidth; x++) {
        for (int c = 0; c < 3; c++) {
          double top = (1 - xs.weight[x]) * in.at(ys.low[y], xs.low[x], c)
              + xs.weight[x] * in.at(ys.low[y], xs.high[x], c);
          double bottom = (1 - xs.weight[x]) * in.at(ys.high[y], xs.low[x], c)
              + xs.weight[x] * in.at(ys.high[y], xs.high[x], c);
          double value = Math.rint((1 - ys.weight[y]) * top + ys.weight[y] * bottom);
          out[(y * outWidth + x) * 3 + c] = (byte) Math.max(0, Math.min(255, value));
        }
      }
    }
    return new RgbImage(outHeight, outWidth, out);
  }

  /** For each output coordinate: the two input neighbours and the weight of the second. */
  private record Axis(int[] low, int[] high, double[] weight) {

    static Axis of(int inSize, int outSize) {
      double scale = (double) inSize / outSize;
      int[] low = new int[outSize];
      int[] high = new int[outSize];
      double[] weight = new double[outSize];
      for (int i = 0; i < outSize; i++) {
        double source = Math.max((i + 0.5) * scale - 0.5, 0);
        low[i] = Math.min((int) source, inSize - 1);
        high[i] = Math.min(low[i] + 1, inSize - 1);
        weight[i] = source - low[i];
      }
      return new Axis(low, high, weight);
    }
  }
}
