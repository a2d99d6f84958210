package org.normlab.ml.detection.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import ai.djl.pytorch.jni.JniUtils;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normlab.contracts.model.Task;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.contracts.run.OptimizerSpec;
import org.normlab.contracts.run.Progress;
import org.normlab.contracts.run.ScheduleSpec;
import org.normlab.contracts.run.WarmStart;
import org.normlab.contracts.run.ScheduleSpec.ScheduleType;
import org.normlab.ml.checkpoint.CheckpointStore;
import org.normlab.ml.checkpoint.DirectoryCheckpointStore;
import org.normlab.ml.data.DatasetCatalog;
import org.normlab.ml.data.DatasetDefinition;
import org.normlab.ml.data.DatasetFormat;
import org.normlab.ml.detection.coco.SyntheticCoco;
import org.normlab.ml.nn.DjlRuntime;
import org.normlab.ml.train.RecordingListener;
import org.normlab.ml.train.TrainingOptions;
import org.normlab.ml.train.TrainingOutcome;
import org.normlab.ml.train.TrainingStoppedException;

/**
 * Mask R-CNN training through DetectionJob on a generated COCO-format set of shapes: 64-96 px
 * images resized to a shorter side of 64 (longer at most 96), resnet10 of width 4 (FPN and heads
 * 16, fc 64).
 */
class DetectionJobTest {

  @TempDir static Path data;

  @TempDir Path checkpoints;

  static DatasetCatalog catalog;

  @BeforeAll
  static void generate() {
    SyntheticCoco.write(data, "train", 11, new SyntheticCoco.Options(4, 64, 96, 3, 0.2));
    catalog =
        DatasetCatalog.of(
            List.of(
                new DatasetDefinition(
                    "shapes", DatasetFormat.COCO_JSON, data, 3, 3, 64, 96),
                new DatasetDefinition(
                    "wrong-categories", DatasetFormat.COCO_JSON, data, 5, 3, 64, 96)));
  }

  static ExperimentSpec spec(String norm, int iterations, ScheduleSpec schedule, double lr) {
    return new ExperimentSpec(
        "det-" + norm,
        Task.DETECTION,
        "shapes",
        "resnet10",
        norm,
        4,
        2,
        2,
        null,
        iterations,
        new OptimizerSpec(lr, 0.9, 1e-4, false, schedule),
        5,
        null);
  }

  /**
   * 4 images, batches of 2, 30 iterations (15 epochs) with warmup and a drop at epoch 12: the mean
   * summed loss of the last 4 iterations is under half that of the first 4 (measured 2.51 and
   * 0.92).
   */
  @Test
  void lossesFallSubstantiallyOnASyntheticSet() {
    onOneThread(this::trainAndCompareLosses);
  }

  private void trainAndCompareLosses() {
    ExperimentSpec spec =
        spec("gn:4", 30, new ScheduleSpec(ScheduleType.MULTISTEP, List.of(12), 0.1, 5), 0.02);
    RecordingListener listener = new RecordingListener();

    TrainingOutcome outcome =
        DetectionJob.run(
            spec,
            catalog,
            new DirectoryCheckpointStore(checkpoints),
            "runs/fall/attempt-1",
            null,
            new TrainingOptions(1, 1000, 2),
            listener);

    List<Double> losses = listener.losses();
    assertThat(losses).hasSize(30).allMatch(Double::isFinite);
    double first = losses.subList(0, 4).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double last = losses.subList(26, 30).stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    assertThat(last).as("mean loss of the last 4 iterations vs the first 4").isLessThan(0.5 * first);
    assertThat(outcome.finalCheckpoint().iteration()).isEqualTo(30);
    assertThat(listener.replicas).isEqualTo(1);
  }

  /**
   * Interrupted after iteration 3 of 7 and resumed from that checkpoint: every later loss, every
   * rate and the final checkpoint (weights, BN statistics, momentum, counters) equal the
   * uninterrupted run's bit for bit. BN (batch statistics in backbone, FPN and heads), warmup over
   * 4 iterations and a multistep drop at epoch 2 (iteration 4): all the state a resume must carry.
   *
   * <p>On one intra-op thread. With two, some PyTorch CPU kernel of the detector sums in an order
   * that depends on thread scheduling: in each of four trials of four uninterrupted 7-iteration
   * runs of this spec on the loaded build machine, some runs ended with parameters and momentum
   * differing from the others in the last bits (at most 3e-7 absolute where inspected), mostly
   * with equal losses; four runs on one thread were bit-identical. So the bitwise comparison is
   * made where the platform is deterministic, and it tests the resume, not the kernels.
   */
  @Test
  void resumedRunIsBitwiseIdenticalToAnUninterruptedOne() {
    onOneThread(this::resumeAndCompare);
  }

  /**
   * Runs {@code body} on one intra-op thread. This detector is so small that a second thread only
   * adds OpenMP synchronisation: on the loaded build machine one thread ran these tests several
   * times faster.
   */
  static void onOneThread(Runnable body) {
    DjlRuntime.engine();
    int threads = JniUtils.getNumThreads();
    JniUtils.setNumThreads(1);
    try {
      body.run();
    } finally {
      JniUtils.setNumThreads(threads);
    }
  }

  private void resumeAndCompare() {
    ExperimentSpec spec =
        spec("bn", 7, new ScheduleSpec(ScheduleType.MULTISTEP, List.of(2), 0.1, 4), 0.01);
    CheckpointStore store = new DirectoryCheckpointStore(checkpoints);
    TrainingOptions everyIteration = new TrainingOptions(1, 1000, 3);

    RecordingListener straight = new RecordingListener();
    TrainingOutcome reference =
        DetectionJob.run(spec, catalog, store, "runs/straight/attempt-1", null, everyIteration, straight);

    RecordingListener first = new RecordingListener(3);
    TrainingStoppedException stop =
        (TrainingStoppedException)
            catchThrowable(
                () ->
                    DetectionJob.run(
                        spec, catalog, store, "runs/resumed/attempt-1", null, everyIteration, first));
    assertThat(stop).isNotNull();
    assertThat(stop.checkpoint().iteration()).isEqualTo(3);
    assertThat(stop.checkpoint().epoch()).isEqualTo(2);

    RecordingListener second = new RecordingListener();
    TrainingOutcome resumed =
        DetectionJob.run(
            spec, catalog, store, "runs/resumed/attempt-2", stop.checkpoint(), everyIteration, second);

    List<Double> stitched = new ArrayList<>(first.losses());
    stitched.addAll(second.losses());
    assertThat(stitched).hasSize(7).isEqualTo(straight.losses());
    assertThat(second.progress.get(0).iteration()).isEqualTo(4);
    assertThat(second.progress)
        .extracting(Progress::lr)
        .isEqualTo(straight.progress.subList(3, 7).stream().map(Progress::lr).toList());
    assertThat(resumed.finalCheckpoint().sha256()).isEqualTo(reference.finalCheckpoint().sha256());
  }

  /**
   * A run started from another run's final checkpoint (weights, norm state and momentum) begins
   * where that one ended: its first loss is below the source's first, and close to the source's
   * last rather than its first.
   */
  @Test
  void aWarmStartBeginsFromTheSourceRunsWeights() {
    onOneThread(
        () -> {
          ExperimentSpec source =
              spec("gn:4", 12, new ScheduleSpec(ScheduleType.CONSTANT, List.of(), 1, 2), 0.02);
          CheckpointStore store = new DirectoryCheckpointStore(checkpoints);
          RecordingListener first = new RecordingListener();
          TrainingOutcome done =
              DetectionJob.run(
                  source, catalog, store, "runs/source/attempt-1", null,
                  new TrainingOptions(1, 1000, 2), first);

          ExperimentSpec retrain =
              source.withInitializeFrom(
                  new WarmStart(java.util.UUID.randomUUID(), done.finalCheckpoint(), true));
          RecordingListener second = new RecordingListener();
          DetectionJob.run(
              retrain, catalog, store, "runs/retrain/attempt-1", null,
              new TrainingOptions(1, 1000, 2), second);

          double sourceFirst = first.losses().get(0);
          double sourceLast = first.losses().get(11);
          double retrainFirst = second.losses().get(0);
          assertThat(retrainFirst).isLessThan(sourceFirst);
          assertThat(Math.abs(retrainFirst - sourceLast))
              .isLessThan(Math.abs(retrainFirst - sourceFirst));
        });
  }

  @Test
  void refusesADatasetWhoseCategoriesDoNotMatchItsRegistration() {
    ExperimentSpec base = spec("gn:4", 1, ScheduleSpec.constant(), 0.01);
    ExperimentSpec spec =
        new ExperimentSpec(
            base.name(), base.task(), "wrong-categories", base.backbone(), base.norm(),
            base.baseWidth(), base.normBatchSize(), base.batchSize(), null, 1, base.optimizer(),
            base.seed(), null);
    assertThatThrownBy(
            () ->
                DetectionJob.run(
                    spec,
                    catalog,
                    new DirectoryCheckpointStore(checkpoints),
                    "runs/x/attempt-1",
                    null,
                    TrainingOptions.defaults(),
                    new RecordingListener()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("registered with 5 categories")
        .hasMessageContaining("hold 3");
  }
}
