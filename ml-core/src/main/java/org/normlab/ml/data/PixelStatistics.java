package org.normlab.ml.data;

import java.util.Arrays;

/**
 * Per-channel mean and standard deviation of pixels scaled to [0, 1]; inputs are standardized as
 * {@code (pixel / 255 - mean) / std}.
 */
public record PixelStatistics(float[] mean, float[] std) {

  /** ImageNet's RGB mean and std, as torchvision's Normalize and IBN-Net use them. */
  public static final PixelStatistics IMAGENET_RGB =
      new PixelStatistics(new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f});

  public PixelStatistics {
    if (mean.length == 0 || mean.length != std.length) {
      throw new IllegalArgumentException(
          "mean and std need one entry per channel, got " + mean.length + " and " + std.length);
    }
    for (float s : std) {
      if (!(s > 0)) {
        throw new IllegalArgumentException("std entries must be > 0, got " + Arrays.toString(std));
      }
    }
    mean = mean.clone();
    std = std.clone();
  }

  public int channels() {
    return mean.length;
  }

  @Override
  public float[] mean() {
    return mean.clone();
  }

  @Override
  public float[] std() {
    return std.clone();
  }

  /**
   * The standardized value of every byte value for one channel: a 256-entry table, so batch
   * assembly is a lookup per pixel instead of a division.
   */
  float[] lookupTable(int channel) {
    float[] table = new float[256];
    for (int v = 0; v < 256; v++) {
      table[v] = (v / 255f - mean[channel]) / std[channel];
    }
    return table;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PixelStatistics other
        && Arrays.equals(mean, other.mean)
        && Arrays.equals(std, other.std);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(std);
  }

  @Override
  public String toString() {
    return "PixelStatistics[mean=" + Arrays.toString(mean) + ", std=" + Arrays.toString(std) + "]";
  }
}
