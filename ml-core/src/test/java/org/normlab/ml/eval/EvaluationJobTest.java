package org.normlab.ml.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normlab.contracts.eval.ClassificationMetrics;
import org.normlab.contracts.model.Task;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.contracts.run.OptimizerSpec;
import org.normlab.contracts.run.Progress;
import org.normlab.ml.checkpoint.CheckpointStore;
import org.normlab.ml.checkpoint.CorruptCheckpointException;
import org.normlab.ml.checkpoint.DirectoryCheckpointStore;
import org.normlab.ml.data.DatasetCatalog;
import org.normlab.ml.data.TestDatasets;
import org.normlab.ml.train.TrainingJob;
import org.normlab.ml.train.TrainingListener;
import org.normlab.ml.train.TrainingOptions;

class EvaluationJobTest {

  @TempDir static Path directory;

  private static DatasetCatalog catalog;
  private static CheckpointStore store;
  private static CheckpointRef checkpoint;
  private static final ExperimentSpec SPEC =
      new ExperimentSpec(
          "eval",
          Task.CLASSIFICATION,
          "fm",
          "resnet10",
          "bn",
          8,
          16,
          32,
          null,
          5,
          new OptimizerSpec(0.05, 0.9, 1e-4, false, null),
          2);

  @BeforeAll
  static void trainBriefly() {
    catalog = TestDatasets.fashionMnistSubset(directory.resolve("data"), "fm", 320, 250);
    store = new DirectoryCheckpointStore(directory.resolve("ckpt"));
    checkpoint =
        TrainingJob.run(
                SPEC,
                catalog,
                store,
                "runs/e/attempt-1",
                null,
                TrainingOptions.defaults(),
                new TrainingListener() {
                  @Override
                  public void onStarted(long totalIterations, String device) {}

                  @Override
                  public void onProgress(Progress progress) {}

                  @Override
                  public void onCheckpoint(CheckpointRef ref) {}
                })
            .finalCheckpoint();
  }

  @Test
  void scoresEverySampleOfTheSplitIncludingAPartialLastBatch() {
    ClassificationMetrics test = EvaluationJob.evaluate(SPEC, checkpoint, "test", catalog, store);
    assertThat(test.samples()).isEqualTo(250); // 7 batches of 32 and one of 26
    assertThat(test.top5Error()).isLessThanOrEqualTo(test.top1Error());
    assertThat(test.imagesPerSecond()).isPositive();
    ClassificationMetrics again = EvaluationJob.evaluate(SPEC, checkpoint, "test", catalog, store);
    assertThat(again.top1Error()).isEqualTo(test.top1Error());
    assertThat(EvaluationJob.evaluate(SPEC, checkpoint, "train", catalog, store).samples())
        .isEqualTo(320);
  }

  @Test
  void refusesACorruptCheckpoint() throws Exception {
    Path file = directory.resolve("ckpt").resolve(checkpoint.uri());
    Path copy = directory.resolve("ckpt/runs/e/copy.ckpt");
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(copy, bytes);
    CheckpointRef tampered =
        new CheckpointRef(
            "runs/e/copy.ckpt",
            checkpoint.sha256(),
            checkpoint.epoch(),
            checkpoint.iteration(),
            checkpoint.sizeBytes());
    assertThatThrownBy(() -> EvaluationJob.evaluate(SPEC, tampered, "test", catalog, store))
        .isInstanceOf(CorruptCheckpointException.class);
  }

  @Test
  void rejectsUnknownSplits() {
    assertThatThrownBy(() -> EvaluationJob.evaluate(SPEC, checkpoint, "val", catalog, store))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("allowed: train, test");
  }
}
