package org.normlab.ml.train;

import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.Progress;

/** The listener asked the job to stop; it checkpointed first, so the run can resume exactly. */
public class TrainingStoppedException extends RuntimeException {

  private final transient Progress progress;
  private final transient CheckpointRef checkpoint;

  public TrainingStoppedException(Progress progress, CheckpointRef checkpoint) {
    super(
        "Training stopped on request at iteration "
            + progress.iteration()
            + "; resume from "
            + checkpoint.uri());
    this.progress = progress;
    this.checkpoint = checkpoint;
  }

  public Progress progress() {
    return progress;
  }

  /** The checkpoint written at the stop; resuming from it continues exactly. */
  public CheckpointRef checkpoint() {
    return checkpoint;
  }
}
