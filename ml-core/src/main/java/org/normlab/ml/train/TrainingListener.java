package org.normlab.ml.train;

import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.Progress;

/** What a training job tells its caller, on the training thread. */
public interface TrainingListener {

  /**
   * Once, after the model is built (and restored when resuming), before the first step.
   *
   * @param device where the replicas train, e.g. {@code "2 x cpu() x2 threads"}
   * @param replicas data-parallel replicas the steps are split across
   */
  void onStarted(long totalIterations, String device, int replicas);

  /** Every {@code progressEveryIterations} iterations and at the end. */
  void onProgress(Progress progress);

  /** After each checkpoint is durably written. */
  void onCheckpoint(CheckpointRef checkpoint);

  /**
   * Polled after every iteration; when true the job checkpoints (unless it just did) and throws
   * {@link TrainingStoppedException}.
   */
  default boolean stopRequested() {
    return false;
  }
}
