package org.normlab.ml.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.normlab.contracts.eval.ClassificationMetrics;
import org.normlab.contracts.model.Task;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.contracts.run.OptimizerSpec;
import org.normlab.contracts.run.Progress;
import org.normlab.ml.checkpoint.CheckpointFormat;
import org.normlab.ml.checkpoint.CheckpointStore;
import org.normlab.ml.checkpoint.CorruptCheckpointException;
import org.normlab.ml.checkpoint.DirectoryCheckpointStore;
import org.normlab.ml.data.DatasetCatalog;
import org.normlab.ml.data.TestDatasets;
import org.normlab.ml.model.Network;
import org.normlab.ml.train.TrainingJob;
import org.normlab.ml.train.TrainingListener;
import org.normlab.ml.train.TrainingOptions;
import org.normlab.ml.weights.Weights;
import org.normlab.ml.weights.WeightsMismatchException;

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
          2,
          null);

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

  @ParameterizedTest
  @ValueSource(strings = {".safetensors", ".npz"})
  void scoresAnImportedWeightFileExactlyAsTheCheckpointItWasExportedFrom(String extension)
      throws IOException {
    CheckpointRef imported = exportWeights("pretrained/exported" + extension);

    ClassificationMetrics fromCheckpoint =
        EvaluationJob.evaluate(SPEC, checkpoint, "test", catalog, store);
    ClassificationMetrics fromImport =
        EvaluationJob.evaluate(SPEC, imported, "test", catalog, store);

    assertThat(fromImport.samples()).isEqualTo(250);
    assertThat(fromImport.top1Error()).isEqualTo(fromCheckpoint.top1Error());
    assertThat(fromImport.top5Error()).isEqualTo(fromCheckpoint.top5Error());
  }

  @Test
  void refusesAnImportedWeightFileWithAFlippedByteBeforeLoadingIt() throws IOException {
    CheckpointRef imported = exportWeights("pretrained/flipped.safetensors");
    Path file = directory.resolve("ckpt").resolve(imported.uri());
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length - 3] ^= 0x01; // a tensor value: the file still parses, only the hash differs
    Files.write(file, bytes);

    assertThatThrownBy(() -> EvaluationJob.evaluate(SPEC, imported, "test", catalog, store))
        .isInstanceOf(CorruptCheckpointException.class)
        .hasMessageContaining("sha256");
  }

  @Test
  void refusesAnImportedWeightFileOfAnotherArchitecture() throws IOException {
    CheckpointRef imported = exportWeights("pretrained/width8.npz");
    ExperimentSpec wider =
        new ExperimentSpec(
            "eval", Task.CLASSIFICATION, "fm", "resnet10", "bn", 16, 16, 32, null, 5,
            SPEC.optimizer(), 2, null);

    assertThatThrownBy(() -> EvaluationJob.evaluate(wider, imported, "test", catalog, store))
        .isInstanceOf(WeightsMismatchException.class)
        .hasMessageContaining("mis-shaped");
  }

  /** The trained checkpoint's weights as a PyTorch-keyed weight file in the store, at {@code uri}. */
  private static CheckpointRef exportWeights(String uri) throws IOException {
    Path file = directory.resolve("export").resolve(Path.of(uri).getFileName());
    try (Network network = Network.create(SPEC, catalog.get("fm"));
        InputStream in = store.open(checkpoint);
        NDManager scratch = network.manager().newSubManager()) {
      network.loadState(CheckpointFormat.read(in, scratch).model());
      Weights.export(network.block(), file);
    }
    return store.write(uri, 0, 0, out -> Files.copy(file, out));
  }

  @Test
  void rejectsUnknownSplits() {
    assertThatThrownBy(() -> EvaluationJob.evaluate(SPEC, checkpoint, "val", catalog, store))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("allowed: train, test");
  }
}
