package org.normlab.ml.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;
import org.normlab.contracts.eval.ClassificationMetrics;
import org.normlab.contracts.model.Task;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.ml.checkpoint.CheckpointStore;
import org.normlab.ml.data.BatchAssembler;
import org.normlab.ml.data.BatchAssembler.Batch;
import org.normlab.ml.data.DatasetCatalog;
import org.normlab.ml.data.DatasetDefinition;
import org.normlab.ml.data.DatasetLoader;
import org.normlab.ml.data.ImageDataset;
import org.normlab.ml.data.Split;
import org.normlab.ml.model.Network;
import org.normlab.ml.nn.Torch;
import org.normlab.ml.norm.MabnFolding;

/** Entry point the eval worker calls: scores one checkpoint on one split. */
public final class EvaluationJob {

  private EvaluationJob() {}

  /**
   * Loads the checkpoint (verified), rebuilds the model from {@code spec}, and scores every sample
   * of {@code split} in inference mode (BN uses running statistics; no autograd), then times
   * inference at a fixed batch and the dataset's input size ({@link InferenceSpeedMeter}).
   *
   * <p>The checkpoint is one of our training checkpoints, or an imported weight file when its URI
   * ends with a {@link org.normlab.ml.weights.WeightFormat} extension ({@code .npz}, {@code
   * .safetensors}); such a file is imported strictly and must match the spec's architecture.
   *
   * <p>Batches are {@code spec.batchSize()} images: DJL keeps a batch's intermediates until the
   * batch's scope closes, so the training batch size is the size known to fit in memory. Results do
   * not depend on it, since every norm is per-sample in inference.
   *
   * @param split {@code "test"} or {@code "train"}
   * @throws org.normlab.ml.checkpoint.CorruptCheckpointException when verification fails
   * @throws org.normlab.ml.weights.WeightsMismatchException when an imported file does not fit
   */
  public static ClassificationMetrics evaluate(
      ExperimentSpec spec,
      CheckpointRef checkpoint,
      String split,
      DatasetCatalog datasets,
      CheckpointStore store) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(datasets, "datasets");
    Objects.requireNonNull(store, "store");
    if (spec.task() != Task.CLASSIFICATION) {
      throw new IllegalArgumentException(
          "ml-core evaluates CLASSIFICATION only, got " + spec.task());
    }
    Split parsed = Split.parse(split);
    DatasetDefinition definition = datasets.get(spec.dataset());
    ImageDataset data = DatasetLoader.load(definition, parsed);
    try (Network network = Network.create(spec, definition)) {
      restore(network, checkpoint, store);
      // MABN costs nothing at inference: its affine goes into the preceding convolutions.
      MabnFolding.fold(network.block());
      ClassificationMetrics scores = score(network, data, spec.batchSize());
      return new ClassificationMetrics(scores.top1Error(), scores.top5Error(), scores.samples(),
          scores.imagesPerSecond(), InferenceSpeedMeter.measure(network, definition));
    }
  }

  private static void restore(Network network, CheckpointRef checkpoint, CheckpointStore store) {
    ModelRestorer restorer = ModelRestorer.forUri(checkpoint.uri());
    try (InputStream in = store.open(checkpoint)) {
      restorer.restore(network, in);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read checkpoint " + checkpoint.uri(), e);
    }
  }

  static ClassificationMetrics score(Network network, ImageDataset data, int batchSize) {
    boolean gradMode = Torch.isGradMode();
    Torch.setGradMode(false);
    try {
      BatchAssembler assembler = new BatchAssembler(data);
      TopKCounter counter = new TopKCounter(Math.min(5, data.numClasses()));
      long started = System.nanoTime();
      for (int from = 0; from < data.size(); from += batchSize) {
        int count = Math.min(batchSize, data.size() - from);
        try (NDManager scope = network.manager().newSubManager()) {
          Batch batch = assembler.assemble(scope, BatchAssembler.range(from, count));
          NDArray logits = network.forward(batch.images(), false);
          counter.add(logits, batch.labels());
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      return new ClassificationMetrics(
          counter.top1ErrorPercent(),
          counter.topKErrorPercent(),
          counter.samples(),
          seconds > 0 ? counter.samples() / seconds : 0,
          null);
    } finally {
      Torch.setGradMode(gradMode);
    }
  }
}
