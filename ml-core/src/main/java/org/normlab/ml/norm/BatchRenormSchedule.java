package org.normlab.ml.norm;

/**
 * How far Batch Renormalization may correct toward its running statistics, by training step t
 * (1-based): r_max = 1 and d_max = 0 (plain BN) for {@code t <= freezeSteps}, then both relaxed
 * linearly, reaching {@code rMaxLimit} at {@code rMaxRampEnd} and {@code dMaxLimit} at {@code
 * dMaxRampEnd}, constant after.
 *
 * <p>The BRN paper (Ioffe 2017; recalled, not verified: seeds-spec E) used r_max 1 -> 3 and d_max 0
 * -> 5, frozen for 5k steps, d_max reaching 5 at 25k and r_max 3 at 40k, for runs of ~100k+ steps.
 * {@link #DEFAULT} keeps those limits and proportions (1 : 5 : 8) at a tenth of the length, 500 /
 * 2,500 / 4,000 steps, so that CPU runs of a few Fashion-MNIST epochs (1,875 steps per epoch at
 * batch 32) reach full renormalization within their second or third epoch. The MABN paper's BRN
 * rows give no schedule (there is no BRN code in its repository).
 */
public record BatchRenormSchedule(
    long freezeSteps, long rMaxRampEnd, long dMaxRampEnd, float rMaxLimit, float dMaxLimit) {

  public static final BatchRenormSchedule DEFAULT =
      new BatchRenormSchedule(500, 4000, 2500, 3f, 5f);

  public BatchRenormSchedule {
    if (freezeSteps < 0 || rMaxRampEnd <= freezeSteps || dMaxRampEnd <= freezeSteps) {
      throw new IllegalArgumentException(
          "need 0 <= freezeSteps < rMaxRampEnd, dMaxRampEnd; got "
              + freezeSteps
              + ", "
              + rMaxRampEnd
              + ", "
              + dMaxRampEnd);
    }
    if (!(rMaxLimit >= 1) || !(dMaxLimit >= 0)) {
      throw new IllegalArgumentException(
          "need rMaxLimit >= 1 and dMaxLimit >= 0, got " + rMaxLimit + ", " + dMaxLimit);
    }
  }

  /** Upper bound of r (lower bound 1 / r_max) at step {@code t}. */
  public double rMax(long t) {
    return 1 + (rMaxLimit - 1) * ramp(t, rMaxRampEnd);
  }

  /** Bound of |d| at step {@code t}. */
  public double dMax(long t) {
    return dMaxLimit * ramp(t, dMaxRampEnd);
  }

  private double ramp(long t, long end) {
    return Math.min(1.0, Math.max(0.0, (double) (t - freezeSteps) / (end - freezeSteps)));
  }
}
