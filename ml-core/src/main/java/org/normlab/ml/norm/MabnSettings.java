package org.normlab.ml.norm;

/**
 * Hyper-parameters of one MABN layer. {@link #paper} gives the published defaults (MABN.py's {@code
 * MABN2d}); tests shorten the schedule to cross its boundaries in a few iterations.
 *
 * @param window S, the simple-moving-average window in normalization groups (micro-batches); the
 *     paper's {@code real_B / B}
 * @param warmupIters SGD iterations t < warmupIters use each group's own statistics (and t <= S
 *     groups of history always do)
 * @param renormIters r = 1 while t <= max(renormIters, warmupIters); clamped to [1/rMax, rMax]
 *     after
 * @param rMax bound of the renormalization factor r
 * @param momentum weight of the OLD value in {@code running_var} (the paper's 0.98 convention, the
 *     opposite of PyTorch BN's momentum)
 * @param eps added to every second moment before the square root
 */
public record MabnSettings(
    int window, int warmupIters, int renormIters, float rMax, float momentum, float eps) {

  public static final int WARMUP_ITERS = 100;
  public static final int RENORM_ITERS = 1000;
  public static final float R_MAX = 5f;
  public static final float MOMENTUM = 0.98f;

  public MabnSettings {
    if (window < 1) {
      throw new IllegalArgumentException("MABN window must be >= 1, got " + window);
    }
    if (warmupIters < 0 || renormIters < 0) {
      throw new IllegalArgumentException(
          "warmupIters and renormIters must be >= 0, got " + warmupIters + ", " + renormIters);
    }
    if (!(rMax >= 1)) {
      throw new IllegalArgumentException("rMax must be >= 1, got " + rMax);
    }
    if (!(momentum >= 0 && momentum <= 1)) {
      throw new IllegalArgumentException("momentum must be in [0, 1], got " + momentum);
    }
    if (!(eps > 0)) {
      throw new IllegalArgumentException("eps must be > 0, got " + eps);
    }
  }

  /** The published layer: warm-up 100, r from iteration 1001 within [1/5, 5], momentum 0.98. */
  public static MabnSettings paper(int window) {
    return new MabnSettings(window, WARMUP_ITERS, RENORM_ITERS, R_MAX, MOMENTUM, Norms.EPSILON);
  }

  /** Whether r is still fixed at 1 in SGD iteration {@code t} (1-based). */
  boolean renormOff(long t) {
    return t <= Math.max(renormIters, warmupIters);
  }
}
