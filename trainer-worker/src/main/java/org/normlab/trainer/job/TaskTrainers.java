package org.normlab.trainer.job;

import java.util.EnumMap;
import java.util.Map;
import org.normlab.contracts.model.Task;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.ml.checkpoint.CheckpointStore;
import org.normlab.ml.data.DatasetCatalog;
import org.normlab.ml.detection.train.DetectionJob;
import org.normlab.ml.train.TrainingJob;
import org.normlab.ml.train.TrainingListener;
import org.normlab.ml.train.TrainingOptions;
import org.normlab.ml.train.TrainingOutcome;

/** The ml-core job that trains each task; both share one contract (events, checkpoints, resume). */
final class TaskTrainers {

  /** One ml-core training entry point, as {@link TrainingJob#run} and {@link DetectionJob#run}. */
  @FunctionalInterface
  interface TaskTrainer {
    TrainingOutcome run(ExperimentSpec spec, DatasetCatalog datasets, CheckpointStore store,
        String checkpointPrefix, CheckpointRef resumeFrom, TrainingOptions options, TrainingListener listener);
  }

  private static final Map<Task, TaskTrainer> BY_TASK = new EnumMap<>(Map.of(
      Task.CLASSIFICATION, TrainingJob::run,
      Task.DETECTION, DetectionJob::run));

  private TaskTrainers() {}

  /** @throws IllegalArgumentException for a task no job trains */
  static TaskTrainer forTask(Task task) {
    TaskTrainer trainer = BY_TASK.get(task);
    if (trainer == null) {
      throw new IllegalArgumentException("No trainer for task " + task + "; this worker trains " + BY_TASK.keySet());
    }
    return trainer;
  }
}
