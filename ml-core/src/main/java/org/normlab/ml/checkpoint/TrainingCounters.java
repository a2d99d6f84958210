package org.normlab.ml.checkpoint;

import org.normlab.ml.data.SamplerPosition;

/**
 * Where a training run stood when a checkpoint was written.
 *
 * @param epoch 1-based epoch of the last completed iteration (0 before the first)
 * @param iteration completed SGD steps
 * @param sampler where the next batch starts
 * @param batchSize the SGD batch size the sampler position assumes
 * @param seed the experiment seed the data order derives from
 * @param lastLoss loss of the last completed iteration (NaN before the first)
 * @param losses the training loss per epoch so far (the metrics a resumed run carries on with)
 */
public record TrainingCounters(
    int epoch,
    long iteration,
    SamplerPosition sampler,
    int batchSize,
    long seed,
    double lastLoss,
    LossHistory losses) {

  public TrainingCounters {
    if (epoch < 0 || iteration < 0 || batchSize < 1) {
      throw new IllegalArgumentException(
          "invalid counters: epoch " + epoch + ", iteration " + iteration + ", batch " + batchSize);
    }
    losses = losses == null ? LossHistory.EMPTY : losses;
  }

  /** Counters with no loss history (a checkpoint written before histories were kept). */
  public TrainingCounters(
      int epoch, long iteration, SamplerPosition sampler, int batchSize, long seed, double lastLoss) {
    this(epoch, iteration, sampler, batchSize, seed, lastLoss, LossHistory.EMPTY);
  }
}
