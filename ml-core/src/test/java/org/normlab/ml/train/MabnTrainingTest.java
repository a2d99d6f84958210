package org.normlab.ml.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.normlab.contracts.eval.ClassificationMetrics;
import org.normlab.contracts.model.Task;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.contracts.run.OptimizerSpec;
import org.normlab.contracts.run.ScheduleSpec;
import org.normlab.ml.checkpoint.CheckpointStore;
import org.normlab.ml.checkpoint.DirectoryCheckpointStore;
import org.normlab.ml.data.BatchAssembler;
import org.normlab.ml.data.TrainingBatches;
import org.normlab.ml.data.DatasetCatalog;
import org.normlab.ml.data.DatasetDefinition;
import org.normlab.ml.data.DatasetLoader;
import org.normlab.ml.data.EpochSampler;
import org.normlab.ml.data.ImageDataset;
import org.normlab.ml.data.Split;
import org.normlab.ml.data.TestDatasets;
import org.normlab.ml.eval.EvaluationJob;
import org.normlab.ml.model.Network;

/**
 * MABN and BRN through the real training job on Fashion-MNIST subsets: "fm3k" (first 3,000 train /
 * 2,000 test images) and "fm640" (first 640 train images, 20 batches of 32), SGD batch 32 with
 * normalization groups of 2, as in the MABN reproduction.
 */
class MabnTrainingTest {

  @TempDir static Path data;
  @TempDir Path checkpoints;

  private static DatasetCatalog catalog;

  @BeforeAll
  static void writeSubsets() {
    List<DatasetDefinition> both = new ArrayList<>();
    both.add(TestDatasets.fashionMnistSubset(data.resolve("fm3k"), "fm3k", 3000, 2000).get("fm3k"));
    both.add(
        TestDatasets.fashionMnistSubset(data.resolve("fm640"), "fm640", 640, 100).get("fm640"));
    catalog = DatasetCatalog.of(both);
  }

  /**
   * resnet10 (width 16), 2 epochs of 93 batches of 32, normalization groups of 2; evaluation folds
   * MABN into the convolutions. Chance is 90% top-1 error; the bar is 40%.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"mabn", "brn"})
  void trainsWellBelowChanceWithNormalizationGroupsOfTwo(String norm) {
    ExperimentSpec spec = spec("fm3k", norm, 2, 2, null, 1);
    CheckpointStore store = new DirectoryCheckpointStore(checkpoints);
    RecordingListener listener = new RecordingListener();
    TrainingOutcome outcome =
        TrainingJob.run(
            spec, catalog, store, "runs/" + norm, null, new TrainingOptions(31, 1000, 1), listener);
    ClassificationMetrics metrics =
        EvaluationJob.evaluate(spec, outcome.finalCheckpoint(), "test", catalog, store);
    System.out.printf(
        "%s@2 resnet10/16: losses %s, test top-1 %.2f%%, train %.0f img/s, eval %.0f img/s%n",
        norm,
        listener.losses(),
        metrics.top1Error(),
        listener.progress.get(1).imagesPerSecond(),
        metrics.imagesPerSecond());
    assertThat(listener.totalIterations).isEqualTo(186);
    assertThat(listener.losses().get(listener.losses().size() - 1))
        .isLessThan(listener.losses().get(0) * 0.6);
    assertThat(metrics.top1Error()).isLessThan(40.0);
  }

  /**
   * Stops a MABN run at iteration 104 (moving averages active since 100, so both ring buffers,
   * running_var and iters all matter), resumes from the stop checkpoint, and requires the
   * per-iteration losses and the final checkpoint to be bitwise identical to an uninterrupted run.
   */
  @Test
  void resumedMabnRunIsBitwiseIdenticalToAnUninterruptedOne() {
    ExperimentSpec spec = spec("fm640", "mabn", 2, null, 110, 7);
    CheckpointStore store = new DirectoryCheckpointStore(checkpoints);
    TrainingOptions everyIteration = new TrainingOptions(1, 1000, 3);

    RecordingListener straight = new RecordingListener();
    TrainingOutcome reference =
        TrainingJob.run(spec, catalog, store, "runs/straight", null, everyIteration, straight);

    RecordingListener first = new RecordingListener(104);
    TrainingStoppedException stop =
        (TrainingStoppedException)
            org.assertj.core.api.Assertions.catchThrowable(
                () ->
                    TrainingJob.run(
                        spec, catalog, store, "runs/resumed-1", null, everyIteration, first));
    assertThat(stop).isNotNull();
    assertThat(stop.checkpoint().iteration()).isEqualTo(104);

    RecordingListener second = new RecordingListener();
    TrainingOutcome resumed =
        TrainingJob.run(
            spec, catalog, store, "runs/resumed-2", stop.checkpoint(), everyIteration, second);

    List<Double> stitched = new ArrayList<>(first.losses());
    stitched.addAll(second.losses());
    assertThat(stitched).hasSize(110).isEqualTo(straight.losses());
    assertThat(resumed.finalCheckpoint().sha256()).isEqualTo(reference.finalCheckpoint().sha256());
  }

  /** A MABN training iteration frees everything it allocates, buffers and corrections included. */
  @Test
  void mabnIterationsLeaveNoNativeArraysBehind() {
    ExperimentSpec spec = spec("fm640", "mabn:4", 2, null, 12, 5);
    DatasetDefinition definition = catalog.get("fm640");
    ImageDataset train = DatasetLoader.load(definition, Split.TRAIN);
    EpochSampler sampler = new EpochSampler(train.size(), spec.batchSize(), spec.seed());
    TrainingPlan plan = TrainingPlan.of(spec, sampler.batchesPerEpoch());
    DirectoryCheckpointStore store = new DirectoryCheckpointStore(checkpoints);
    TrainingOptions options = new TrainingOptions(3, 5, 2);
    try (DataParallel replicas =
        new DataParallel(List.of(Network.create(spec, definition)))) {
      Network network = replicas.primary();
      TrainingLoop loop =
          new TrainingLoop(
              spec,
              plan,
              replicas,
              sampler,
              TrainingBatches.inMemory(sampler, new BatchAssembler(train)),
              store,
              new CheckpointRetention(store, "runs/leak", options.keepLastCheckpoints()),
              options,
              new RecordingListener());
      int before = network.manager().getManagedArrays().size();
      loop.run(null);
      assertThat(network.manager().getManagedArrays()).hasSize(before);
    }
  }

  private static ExperimentSpec spec(
      String dataset, String norm, int normBatch, Integer epochs, Integer iterations, long seed) {
    return new ExperimentSpec(
        "test-" + norm,
        Task.CLASSIFICATION,
        dataset,
        "resnet10",
        norm,
        iterations == null ? 16 : 8,
        normBatch,
        32,
        epochs,
        iterations,
        new OptimizerSpec(0.1, 0.9, 1e-4, false, ScheduleSpec.constant()),
        seed,
        null);
  }
}
