package org.normlab.ml.data.transform;

import java.util.random.RandomGenerator;

/**
 * torchvision's {@code RandomResizedCrop.get_params}: up to ten tries of an area fraction uniform in
 * [minArea, maxArea] and an aspect ratio log-uniform in [minRatio, maxRatio] that fits the image,
 * else the whole image clamped to the ratio range, centred. The generator is ours (seeded per
 * sample), so the draws differ from torch's but follow the same distribution.
 */
public record RandomResizedCrop(double minArea, double maxArea, double minRatio, double maxRatio) {

  /** IBN-Net's {@code RandomSizedCrop(224)}: area 0.08-1, ratio 3/4-4/3. */
  public static final RandomResizedCrop IMAGENET = new RandomResizedCrop(0.08, 1, 3.0 / 4, 4.0 / 3);

  private static final int ATTEMPTS = 10;

  public RandomResizedCrop {
    if (!(0 < minArea && minArea <= maxArea && maxArea <= 1 && 0 < minRatio && minRatio <= maxRatio)) {
      throw new IllegalArgumentException(
          "need 0 < minArea <= maxArea <= 1 and 0 < minRatio <= maxRatio, got area [" + minArea + ", "
              + maxArea + "], ratio [" + minRatio + ", " + maxRatio + "]");
    }
  }

  public CropBox sample(int height, int width, RandomGenerator random) {
    double area = (double) height * width;
    double logMin = Math.log(minRatio);
    double logMax = Math.log(maxRatio);
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      double target = area * (minArea + (maxArea - minArea) * random.nextDouble());
      double ratio = Math.exp(logMin + (logMax - logMin) * random.nextDouble());
      int w = (int) Math.rint(Math.sqrt(target * ratio));
      int h = (int) Math.rint(Math.sqrt(target / ratio));
      if (0 < w && w <= width && 0 < h && h <= height) {
        return new CropBox(random.nextInt(height - h + 1), random.nextInt(width - w + 1), h, w);
      }
    }
    double inRatio = (double) width / height;
    int w = width;
    int h = height;
    if (inRatio < minRatio) {
      h = (int) Math.rint(w / minRatio);
    } else if (inRatio > maxRatio) {
      w = (int) Math.rint(h * maxRatio);
    }
    return new CropBox((height - h) / 2, (width - w) / 2, h, w);
  }
}
