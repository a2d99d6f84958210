package org.normlab.ml.data.transform;

import java.util.random.RandomGenerator;

/**
 * MABN's square crop ({@code cls/utils.py RandomResizedCrop}): up to ten tries of an area fraction
 * uniform in [minArea, maxArea], side {@code round(sqrt(area))}, offset uniform over the positions
 * that fit; if no try fits, the last one is kept and {@link RgbImage#crop} pads it with black.
 */
public record SquareRandomCrop(double minArea, double maxArea) {

  /** MABN's ImageNet setting: area 0.08-1. */
  public static final SquareRandomCrop MABN = new SquareRandomCrop(0.08, 1);

  private static final int ATTEMPTS = 10;

  public SquareRandomCrop {
    if (!(0 < minArea && minArea <= maxArea && maxArea <= 1)) {
      throw new IllegalArgumentException(
          "need 0 < minArea <= maxArea <= 1, got [" + minArea + ", " + maxArea + "]");
    }
  }

  public CropBox sample(int height, int width, RandomGenerator random) {
    CropBox box = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      double area = (double) height * width * (minArea + (maxArea - minArea) * random.nextDouble());
      int edge = Math.max(1, (int) Math.rint(Math.sqrt(area)));
      int dh = height - edge;
      int dw = width - edge;
      // Python's randint(min(d, 0), max(d, 0)): inclusive, and negative when the crop overhangs.
      int left = Math.min(dw, 0) + random.nextInt(Math.abs(dw) + 1);
      int top = Math.min(dh, 0) + random.nextInt(Math.abs(dh) + 1);
      box = new CropBox(top, left, edge, edge);
      if (dh >= 0 && dw >= 0) {
        break;
      }
    }
    return box;
  }
}
