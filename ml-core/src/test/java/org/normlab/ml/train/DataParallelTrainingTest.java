package org.normlab.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
import org.normlab.ml.model.Network;

/** Whole training jobs over two replicas: reporting, resume, memory. */
class DataParallelTrainingTest {

  @TempDir static Path data;
  @TempDir Path checkpoints;

  private static DatasetCatalog catalog;

  @BeforeAll
  static void writeSubset() {
    catalog = TestDatasets.fashionMnistSubset(data.resolve("fm640"), "fm640", 640, 100);
  }

  /**
   * A 2-replica syncbn run stopped at iteration 7 and resumed gives the uninterrupted run's losses
   * and final checkpoint byte for byte: every reduction is summed in rank order, so replicas on
   * threads change nothing from run to run, and a restore reaches every replica.
   */
  @Test
  void twoReplicaSyncbnRunResumesBitwiseIdentically() {
    ExperimentSpec spec = spec("syncbn", 32, 2, 20);
    CheckpointStore store = new DirectoryCheckpointStore(checkpoints);
    TrainingOptions everyIteration = new TrainingOptions(1, 1000, 5);

    RecordingListener straight = new RecordingListener();
    TrainingOutcome reference =
        TrainingJob.run(spec, catalog, store, "runs/straight/attempt-1", null, everyIteration,
            straight);
    assertThat(straight.replicas).isEqualTo(2);
    assertThat(straight.device).startsWith("2 x cpu()");

    RecordingListener first = new RecordingListener(7);
    TrainingStoppedException stop =
        (TrainingStoppedException)
            catchThrowable(
                () -> TrainingJob.run(spec, catalog, store, "runs/resumed/attempt-1", null,
                    everyIteration, first));
    assertThat(stop.checkpoint().iteration()).isEqualTo(7);
    RecordingListener second = new RecordingListener();
    TrainingOutcome resumed =
        TrainingJob.run(spec, catalog, store, "runs/resumed/attempt-2", stop.checkpoint(),
            everyIteration, second);

    List<Double> stitched = new ArrayList<>(first.losses());
    stitched.addAll(second.losses());
    assertThat(stitched).isEqualTo(straight.losses());
    assertThat(resumed.finalCheckpoint().sha256()).isEqualTo(reference.finalCheckpoint().sha256());
    assertThat(straight.losses().get(19)).isLessThan(straight.losses().get(0));
  }

  /** Cut points keep graphs alive until the iteration scope closes, and not a moment longer. */
  @Test
  void replicaIterationsLeaveNoNativeArraysBehind() {
    ExperimentSpec spec = spec("syncbn", 32, 2, 12);
    DatasetDefinition definition = catalog.get("fm640");
    ImageDataset train = DatasetLoader.load(definition, Split.TRAIN);
    EpochSampler sampler = new EpochSampler(train.size(), spec.batchSize(), spec.seed());
    TrainingPlan plan = TrainingPlan.of(spec, sampler.batchesPerEpoch());
    DirectoryCheckpointStore store = new DirectoryCheckpointStore(checkpoints);
    TrainingOptions options = new TrainingOptions(3, 5, 2);
    try (DataParallel replicas =
        new DataParallel(
            List.of(Network.create(spec, definition), Network.create(spec, definition)))) {
      TrainingLoop loop =
          new TrainingLoop(spec, plan, replicas, sampler, TrainingBatches.inMemory(sampler, new BatchAssembler(train)), store,
              new CheckpointRetention(store, "runs/leak", options.keepLastCheckpoints()), options,
              new RecordingListener());
      List<Integer> before =
          replicas.all().stream().map(n -> n.manager().getManagedArrays().size()).toList();
      loop.run(null);
      List<Integer> after =
          replicas.all().stream().map(n -> n.manager().getManagedArrays().size()).toList();
      assertThat(after).isEqualTo(before);
    }
  }

  private static ExperimentSpec spec(String norm, int normBatch, int replicas, int iterations) {
    return new ExperimentSpec("dp-" + norm, Task.CLASSIFICATION, "fm640", "resnet10", norm, 8,
        normBatch, 32, null, iterations,
        new OptimizerSpec(0.05, 0.9, 1e-4, true, ScheduleSpec.constant()), 11, null, null, replicas, null);
  }
}
