package org.normlab.ml.train;

/**
 * How often a training job reports and checkpoints.
 *
 * @param progressEveryIterations report progress (mean loss since the last report) this often
 * @param checkpointEveryIterations checkpoint this often, besides every epoch end and the run end
 * @param keepLastCheckpoints keep this many newest checkpoints under the job's prefix
 */
public record TrainingOptions(
    int progressEveryIterations, int checkpointEveryIterations, int keepLastCheckpoints) {

  public TrainingOptions {
    if (progressEveryIterations < 1 || checkpointEveryIterations < 1 || keepLastCheckpoints < 1) {
      throw new IllegalArgumentException(
          "progressEveryIterations, checkpointEveryIterations and keepLastCheckpoints must be >= 1,"
              + " got "
              + progressEveryIterations
              + ", "
              + checkpointEveryIterations
              + ", "
              + keepLastCheckpoints);
    }
  }

  /** Progress every 20 iterations, a checkpoint every 500 (and per epoch), the last 3 kept. */
  public static TrainingOptions defaults() {
    return new TrainingOptions(20, 500, 3);
  }
}
