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
 * @param skippedImages corrupt or unreadable images the run skipped in the batches up to this
 *     iteration, over all its attempts (0 for in-memory datasets and older checkpoints)
 */
public record TrainingCounters(
    int epoch,
    long iteration,
    SamplerPosition sampler,
    int batchSize,
    long seed,
    double lastLoss,
    LossHistory losses,
    long skippedImages) {

  public TrainingCounters {
    if (epoch < 0 || iteration < 0 || batchSize < 1 || skippedImages < 0) {
      throw new IllegalArgumentException(
          "invalid counters: epoch " + epoch + ", iteration " + iteration + ", batch " + batchSize
              + ", skipped images " + skippedImages);
    }
    losses = losses == null ? LossHistory.EMPTY : losses;
  }

  /** Counters of a run that skipped no image. */
  public TrainingCounters(int epoch, long iteration, SamplerPosition sampler, int batchSize, long seed,
      double lastLoss, LossHistory losses) {
    this(epoch, iteration, sampler, batchSize, seed, lastLoss, losses, 0);
  }

  /** Counters with no loss history (a checkpoint written before histories were kept). */
  public TrainingCounters(
      int epoch, long iteration, SamplerPosition sampler, int batchSize, long seed, double lastLoss) {
    this(epoch, iteration, sampler, batchSize, seed, lastLoss, LossHistory.EMPTY);
  }
}
