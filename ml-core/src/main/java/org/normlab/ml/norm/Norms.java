package org.normlab.ml.norm;

import org.normlab.contracts.model.NormSpec;

/** Builds norm layers from a spec's norm text form. */
public final class Norms {

  /** Added to every variance before the square root, as in PyTorch's defaults. */
  public static final float EPSILON = 1e-5f;

  /** Weight of the new batch statistic in BN's running averages (PyTorch convention, = DJL 0.9). */
  public static final float BATCH_NORM_MOMENTUM = 0.1f;

  private Norms() {}

  /**
   * A factory for {@code spec}.
   *
   * @param normBatchSize samples per batch-norm statistics group inside each SGD batch; ignored by
   *     norms whose statistics are per sample
   * @throws IllegalArgumentException for a non-positive normBatchSize
   */
  public static NormFactory factory(NormSpec spec, int normBatchSize) {
    if (normBatchSize < 1) {
      throw new IllegalArgumentException("normBatchSize must be >= 1, got " + normBatchSize);
    }
    // Java 17 has no pattern switch over the sealed NormSpec; adding a spec without a branch
    // here fails at the end with a message naming it.
    if (spec instanceof NormSpec.Batch) {
      return channels -> new BatchNorm2d(channels, normBatchSize, BATCH_NORM_MOMENTUM, EPSILON);
    }
    if (spec instanceof NormSpec.Group group) {
      return channels -> new GroupNorm2d(channels, group.groups(), EPSILON);
    }
    if (spec instanceof NormSpec.Instance) {
      return channels -> new InstanceNorm2d(channels, EPSILON);
    }
    if (spec instanceof NormSpec.Layer) {
      // Statistics over (C, H, W) of each sample, affine per channel: GroupNorm with one group.
      return channels -> new GroupNorm2d(channels, 1, EPSILON);
    }
    if (spec instanceof NormSpec.None) {
      return channels -> new IdentityNorm(channels);
    }
    throw new IllegalArgumentException("No norm layer implements '" + spec.canonical() + "'");
  }
}
