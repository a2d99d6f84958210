package org.normlab.eval.job;

import java.util.EnumMap;
import java.util.Map;
import org.normlab.contracts.eval.ClassificationMetrics;
import org.normlab.contracts.eval.DetectionMetrics;
import org.normlab.contracts.model.Task;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.ml.checkpoint.CheckpointStore;
import org.normlab.ml.data.DatasetCatalog;
import org.normlab.ml.eval.DetectionEvaluation;
import org.normlab.ml.eval.EvaluationJob;

/** The ml-core evaluation that scores each task: top-1/top-5 error, or COCO box and mask AP. */
final class TaskEvaluators {

  /** What one evaluation found: exactly one of classification and detection scores. */
  record Scores(ClassificationMetrics classification, DetectionMetrics detection) {

    /** A failed evaluation's: no scores. */
    static final Scores NONE = new Scores(null, null);

    long images() {
      return classification != null ? classification.samples() : detection.images();
    }

    double imagesPerSecond() {
      return classification != null ? classification.imagesPerSecond() : detection.imagesPerSecond();
    }

    String summary() {
      return classification != null
          ? "top-1 error " + classification.top1Error() + "% top-5 error " + classification.top5Error() + "%"
          : "box AP " + detection.bbox().ap() + " mask AP " + detection.segm().ap();
    }
  }

  /** One ml-core evaluation entry point, as {@link EvaluationJob#evaluate} and {@link DetectionEvaluation#evaluate}. */
  @FunctionalInterface
  interface TaskEvaluator {
    Scores evaluate(ExperimentSpec spec, CheckpointRef checkpoint, String split, DatasetCatalog datasets,
        CheckpointStore store);
  }

  private static final Map<Task, TaskEvaluator> BY_TASK = new EnumMap<>(Map.of(
      Task.CLASSIFICATION, (spec, checkpoint, split, datasets, store) ->
          new Scores(EvaluationJob.evaluate(spec, checkpoint, split, datasets, store), null),
      Task.DETECTION, (spec, checkpoint, split, datasets, store) ->
          new Scores(null, DetectionEvaluation.evaluate(spec, checkpoint, split, datasets, store))));

  private TaskEvaluators() {}

  /** @throws IllegalArgumentException for a task no evaluation scores */
  static TaskEvaluator forTask(Task task) {
    TaskEvaluator evaluator = BY_TASK.get(task);
    if (evaluator == null) {
      throw new IllegalArgumentException("No evaluation for task " + task + "; this worker scores "
          + BY_TASK.keySet());
    }
    return evaluator;
  }
}
