package org.normlab.ml.norm;

import org.normlab.contracts.model.NormSpec;
import org.normlab.ml.nn.ConvFactory;

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
    if (spec instanceof NormSpec.SyncBatch) {
      // Statistics over the whole step's batch on every replica; normBatchSize = batchSize is the
      // spec's promise (checked where the batch size is known).
      return channels -> new SyncBatchNorm2d(channels, BATCH_NORM_MOMENTUM, EPSILON);
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
    if (spec instanceof NormSpec.BatchRenorm) {
      return channels ->
          new BatchRenorm2d(
              channels, normBatchSize, BATCH_NORM_MOMENTUM, EPSILON, BatchRenormSchedule.DEFAULT);
    }
    if (spec instanceof NormSpec.MovingAverageBatch mabn) {
      if (mabn.window() == NormSpec.MovingAverageBatch.AUTO_WINDOW) {
        throw new IllegalArgumentException(
            "'"
                + spec.canonical()
                + "' averages over batchSize / normBatchSize groups: build it with"
                + " factory(spec, normBatchSize, batchSize), or give the window ("
                + spec.canonical()
                + ":16)");
      }
      MabnSettings settings = MabnSettings.paper(mabn.window());
      return channels -> new MovingAverageBatchNorm2d(channels, normBatchSize, settings);
    }
    throw new IllegalArgumentException("No norm layer implements '" + spec.canonical() + "'");
  }

  /**
   * A factory for {@code spec} in runs with SGD batches of {@code batchSize}, which fixes MABN's
   * default window: {@code mabn} is {@code mabn:<batchSize / normBatchSize>} (real_B / B).
   *
   * @throws IllegalArgumentException when normBatchSize does not divide batchSize
   */
  public static NormFactory factory(NormSpec spec, int normBatchSize, int batchSize) {
    if (normBatchSize < 1 || batchSize < 1 || batchSize % normBatchSize != 0) {
      throw new IllegalArgumentException(
          "normBatchSize must divide batchSize, got " + normBatchSize + " and " + batchSize);
    }
    if (spec instanceof NormSpec.SyncBatch && normBatchSize != batchSize) {
      throw new IllegalArgumentException(
          "'syncbn' normalizes over the whole SGD batch of all replicas: normBatchSize must equal"
              + " batchSize ("
              + batchSize
              + "), got "
              + normBatchSize);
    }
    if (spec instanceof NormSpec.MovingAverageBatch mabn) {
      int window = mabn.windowFor(batchSize, normBatchSize);
      return factory(new NormSpec.MovingAverageBatch(window, mabn.centeredConv()), normBatchSize);
    }
    return factory(spec, normBatchSize);
  }

  /**
   * The convolutions a backbone builds for {@code spec}: CenConv for {@code mabn} (as published),
   * foldable plain ones for {@code mabn-plain}, DJL's Conv2d for every other norm.
   */
  public static ConvFactory convolutions(NormSpec spec) {
    if (spec instanceof NormSpec.MovingAverageBatch mabn) {
      return mabn.centeredConv() ? ConvFactory.CENTERED : ConvFactory.FOLDABLE;
    }
    return ConvFactory.PLAIN;
  }
}
