package org.normlab.ml.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.contracts.run.OptimizerSpec;
import org.normlab.contracts.run.ScheduleSpec;
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

class TrainingLoopTest {

  @TempDir Path directory;

  /**
   * Everything an iteration, a checkpoint or an SGD step allocates must be freed by the end of the
   * iteration: the model's manager holds exactly the parameters, buffers and momentum before and
   * after 20 iterations (djl-notes 8: without scopes, thousands of arrays pile up).
   */
  @Test
  void iterationsLeaveNoNativeArraysBehind() {
    DatasetCatalog catalog =
        TestDatasets.fashionMnistSubset(directory.resolve("data"), "fm", 320, 10);
    DatasetDefinition definition = catalog.get("fm");
    ExperimentSpec spec =
        TrainingJobTest.spec(
            "fm",
            "bn",
            8,
            16,
            32,
            2,
            new OptimizerSpec(0.05, 0.9, 1e-4, true, ScheduleSpec.constant()),
            5);
    ImageDataset train = DatasetLoader.load(definition, Split.TRAIN);
    EpochSampler sampler = new EpochSampler(train.size(), spec.batchSize(), spec.seed());
    TrainingPlan plan = TrainingPlan.of(spec, sampler.batchesPerEpoch());
    DirectoryCheckpointStore store = new DirectoryCheckpointStore(directory.resolve("ckpt"));
    TrainingOptions options = new TrainingOptions(3, 7, 2);
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
}
