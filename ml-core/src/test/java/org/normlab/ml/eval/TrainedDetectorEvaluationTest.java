package org.normlab.ml.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normlab.contracts.eval.DetectionMetrics;
import org.normlab.contracts.model.Task;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.contracts.run.OptimizerSpec;
import org.normlab.contracts.run.Progress;
import org.normlab.contracts.run.ScheduleSpec;
import org.normlab.ml.checkpoint.CheckpointStore;
import org.normlab.ml.checkpoint.DirectoryCheckpointStore;
import org.normlab.ml.data.DatasetCatalog;
import org.normlab.ml.data.DatasetDefinition;
import org.normlab.ml.data.DatasetFormat;
import org.normlab.ml.data.DatasetNotFoundException;
import org.normlab.ml.detection.coco.SyntheticCoco;
import org.normlab.ml.detection.train.DetectionJob;
import org.normlab.ml.train.TrainingListener;
import org.normlab.ml.train.TrainingOptions;

/**
 * The eval worker's path for a detection run: a tiny Mask R-CNN trained by DetectionJob on a
 * synthetic COCO-format set, its final checkpoint restored through the store and scored on a val
 * split holding the same images (an overfit check: the detector must find what it learned).
 */
class TrainedDetectorEvaluationTest {

  @TempDir Path data;

  @TempDir Path checkpoints;

  @Test
  void aDetectorThatOverfitTheTrainImagesScoresAHighApOnThemAndAnUntrainedOneDoesNot() {
    SyntheticCoco.Options options = new SyntheticCoco.Options(1, 80, 96, 2, 0.0);
    SyntheticCoco.write(data, "train", 3, options);
    SyntheticCoco.write(data, "val", 3, options);
    DatasetCatalog catalog = DatasetCatalog.of(List.of(
        new DatasetDefinition("shapes", DatasetFormat.COCO_JSON, data, 3, 3, 64, 96)));
    CheckpointStore store = new DirectoryCheckpointStore(checkpoints);

    CheckpointRef first = train(spec(1), catalog, store, "runs/untrained/attempt-1");
    CheckpointRef trained = train(spec(ITERATIONS), catalog, store, "runs/trained/attempt-1");
    DetectionMetrics untrained = DetectionEvaluation.evaluate(spec(1), first, "test", catalog, store);
    DetectionMetrics metrics = DetectionEvaluation.evaluate(spec(ITERATIONS), trained, "test", catalog, store);

    // Measured on the loaded 2-core machine (about 2 minutes for the test): after 1 iteration box and
    // mask AP 0; after 100, box AP 70 (AP50 100), mask AP 80 (AP50 100).
    assertThat(metrics.images()).isEqualTo(1);
    assertThat(metrics.bbox().ap50()).as("box AP50 after overfitting").isGreaterThan(50.0);
    assertThat(metrics.segm().ap50()).as("mask AP50 after overfitting").isGreaterThan(50.0);
    assertThat(metrics.bbox().ap()).isGreaterThan(untrained.bbox().ap() + 20);
    assertThat(metrics.segm().ap()).isGreaterThan(untrained.segm().ap() + 20);
  }

  @Test
  void aMissingValSplitIsReportedWithItsPath() {
    SyntheticCoco.write(data, "train", 3, new SyntheticCoco.Options(2, 64, 96, 2, 0.0));
    DatasetCatalog catalog = DatasetCatalog.of(List.of(
        new DatasetDefinition("shapes", DatasetFormat.COCO_JSON, data, 3, 3, 64, 96)));
    CheckpointRef any = new CheckpointRef("runs/x/attempt-1/iter-000000001.ckpt", "0".repeat(64), 0, 1, 1);

    assertThatThrownBy(() -> DetectionEvaluation.evaluate(spec(1), any, "test", catalog,
        new DirectoryCheckpointStore(checkpoints)))
        .isInstanceOf(DatasetNotFoundException.class)
        .hasMessageContaining("instances_val.json");
  }

  @Test
  void aClassificationSpecIsRefused() {
    ExperimentSpec classification = new ExperimentSpec("cls", Task.CLASSIFICATION, "shapes", "resnet10", "gn:4", 4,
        2, 2, null, 1, new OptimizerSpec(0.02, 0.9, 1e-4, false, ScheduleSpec.constant()), 5, null);

    assertThatThrownBy(() -> DetectionEvaluation.evaluate(classification,
        new CheckpointRef("a.ckpt", "0".repeat(64), 0, 1, 1), "test", DatasetCatalog.of(List.of()),
        new DirectoryCheckpointStore(checkpoints)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DETECTION");
  }

  private static final int ITERATIONS = 100;

  /**
   * resnet10 of width 4, GN (inference normalizes as training did), one image per step, SGD 0.05 after
   * a short warmup.
   */
  private static ExperimentSpec spec(int iterations) {
    return new ExperimentSpec("det-eval", Task.DETECTION, "shapes", "resnet10", "gn:4", 4, 1, 1, null, iterations,
        new OptimizerSpec(0.05, 0.9, 1e-4, false, new ScheduleSpec(ScheduleSpec.ScheduleType.CONSTANT, List.of(),
            1.0, 5)), 5, null);
  }

  private static CheckpointRef train(ExperimentSpec spec, DatasetCatalog catalog, CheckpointStore store,
      String prefix) {
    return DetectionJob.run(spec, catalog, store, prefix, null, new TrainingOptions(10, 1000, 1),
        new TrainingListener() {
          @Override
          public void onStarted(long totalIterations, String device, int replicas) {}

          @Override
          public void onProgress(Progress progress) {}

          @Override
          public void onCheckpoint(CheckpointRef checkpoint) {}
        }).finalCheckpoint();
  }
}
