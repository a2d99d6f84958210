package org.normlab.ml.data.transform;

import java.util.random.RandomGenerator;

/**
 * AlexNet-style PCA lighting as MABN applies it ({@code cls/utils.py LighteningJitter}, std 0.1):
 * to the [0, 1]-scaled RGB image add {@code eigvec x (eigval * alpha)}, alpha ~ N(0, std^2) per
 * component, scale back to 0-255, clip, and truncate to 8 bits. Eigen values and vectors are the
 * ImageNet ones MABN uses (rows reordered to R, G, B as its code does).
 */
public final class PcaLighting {

  private static final float[] EIGEN_VALUES = {0.2175f, 0.0188f, 0.0045f};
  private static final float[][] EIGEN_VECTORS = {
    {-0.5675f, 0.7192f, 0.4009f},
    {-0.5808f, -0.0045f, -0.8140f},
    {-0.5836f, -0.6948f, 0.4203f},
  };

  private final double std;

  public PcaLighting(double std) {
    if (!(std >= 0)) {
      throw new IllegalArgumentException("std must be >= 0, got " + std);
    }
    this.std = std;
  }

  public RgbImage apply(RgbImage image, RandomGenerator random) {
    double[] alpha = new double[3];
    for (int i = 0; i < 3; i++) {
      alpha[i] = std * random.nextGaussian();
    }
    return apply(image, alpha);
  }

  /** With a given alpha, for tests and replays. */
  public static RgbImage apply(RgbImage image, double[] alpha) {
    // numpy: float32 eigen arrays times float64 alpha give float64; added into a float32 image.
    double[] shift = new double[3];
    for (int c = 0; c < 3; c++) {
      for (int k = 0; k < 3; k++) {
        shift[c] += EIGEN_VECTORS[c][k] * ((double) EIGEN_VALUES[k] * alpha[k]);
      }
    }
    byte[] in = image.pixels();
    byte[] out = new byte[in.length];
    for (int i = 0; i < in.length; i++) {
      float scaled = (in[i] & 0xff) / 255f;
      scaled = (float) (scaled + shift[i % 3]);
      float back = Math.max(0f, Math.min(255f, scaled * 255f));
      out[i] = (byte) (int) back;
    }
    return new RgbImage(image.height(), image.width(), out);
  }
}
