package org.normlab.ml.train;

/**
 * How often a training job reports and checkpoints, and how it feeds streamed image datasets.
 *
 * @param progressEveryIterations report progress (mean loss since the last report) this often
 * @param checkpointEveryIterations checkpoint this often, besides every epoch end and the run end
 * @param keepLastCheckpoints keep this many newest checkpoints under the job's prefix
 * @param decoderThreads threads decoding and augmenting images of streamed datasets (ImageNet
 *     folders, RecordIO); results do not depend on it
 * @param prefetchBatches batches of a streamed dataset decoded ahead of the training step
 */
public record TrainingOptions(
    int progressEveryIterations,
    int checkpointEveryIterations,
    int keepLastCheckpoints,
    int decoderThreads,
    int prefetchBatches) {

  /** Batches decoded ahead by default: enough to hide a slow image behind the current step. */
  public static final int DEFAULT_PREFETCH_BATCHES = 4;

  public TrainingOptions {
    if (progressEveryIterations < 1
        || checkpointEveryIterations < 1
        || keepLastCheckpoints < 1
        || decoderThreads < 1
        || prefetchBatches < 1) {
      throw new IllegalArgumentException(
          "progressEveryIterations, checkpointEveryIterations, keepLastCheckpoints, decoderThreads"
              + " and prefetchBatches must be >= 1, got "
              + progressEveryIterations
              + ", "
              + checkpointEveryIterations
              + ", "
              + keepLastCheckpoints
              + ", "
              + decoderThreads
              + ", "
              + prefetchBatches);
    }
  }

  /** With one decoder thread per available processor and the default prefetch. */
  public TrainingOptions(
      int progressEveryIterations, int checkpointEveryIterations, int keepLastCheckpoints) {
    this(
        progressEveryIterations,
        checkpointEveryIterations,
        keepLastCheckpoints,
        Runtime.getRuntime().availableProcessors(),
        DEFAULT_PREFETCH_BATCHES);
  }

  /** Progress every 20 iterations, a checkpoint every 500 (and per epoch), the last 3 kept. */
  public static TrainingOptions defaults() {
    return new TrainingOptions(20, 500, 3);
  }

  /** The same with {@code threads} decoder threads. */
  public TrainingOptions withDecoderThreads(int threads) {
    return new TrainingOptions(
        progressEveryIterations, checkpointEveryIterations, keepLastCheckpoints, threads, prefetchBatches);
  }
}
