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
import org.normlab.ml.data.image.DecodedBatch;
import org.normlab.ml.data.image.EncodedImages;
import org.normlab.ml.data.image.ImageBatchStream;
import org.normlab.ml.data.image.StreamedImages;
import org.normlab.ml.data.transform.ImagePipeline;
import org.normlab.ml.data.transform.ImagePipelines;
import org.normlab.ml.model.Network;
import org.normlab.ml.nn.Torch;
import org.normlab.ml.norm.MabnFolding;
import org.normlab.ml.train.TrainingOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point the eval worker calls: scores one checkpoint on one split. */
public final class EvaluationJob {

  private static final Logger log = LoggerFactory.getLogger(EvaluationJob.class);

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
    try (Network network = Network.create(spec, definition)) {
      restore(network, checkpoint, store);
      // MABN costs nothing at inference: its affine goes into the preceding convolutions.
      MabnFolding.fold(network.block());
      ClassificationMetrics scores =
          definition.format().streamed()
              ? scoreStreamed(network, definition, parsed, spec)
              : score(network, DatasetLoader.load(definition, parsed), spec.batchSize());
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

  /**
   * Scores a streamed split through the recipe's validation pipeline at the dataset's input size
   * (IBN-Net: shorter side 256, center 224). Corrupt images are left out and logged; the sample
   * count says how many were scored.
   */
  static ClassificationMetrics scoreStreamed(
      Network network, DatasetDefinition definition, Split split, ExperimentSpec spec) {
    ImagePipeline pipeline =
        ImagePipelines.validation(spec.training().validation(), definition.height());
    EncodedImages images = StreamedImages.open(definition, split);
    try (images;
        ImageBatchStream stream =
            StreamedImages.sequential(
                images,
                definition,
                pipeline,
                spec.batchSize(),
                Runtime.getRuntime().availableProcessors(),
                TrainingOptions.DEFAULT_PREFETCH_BATCHES)) {
      return score(network, definition, stream, (images.size() + spec.batchSize() - 1) / spec.batchSize());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot close " + images, e);
    }
  }

  static ClassificationMetrics score(
      Network network, DatasetDefinition definition, ImageBatchStream stream, long batches) {
    boolean gradMode = Torch.isGradMode();
    Torch.setGradMode(false);
    try {
      TopKCounter counter = new TopKCounter(Math.min(5, definition.numClasses()));
      long skipped = 0;
      long started = System.nanoTime();
      for (long b = 0; b < batches; b++) {
        DecodedBatch decoded = stream.take(b);
        skipped += decoded.skipped();
        if (decoded.count() == 0) {
          continue;
        }
        try (NDManager scope = network.manager().newSubManager()) {
          Batch batch = StreamedImages.toTensors(scope, decoded, definition);
          counter.add(network.forward(batch.images(), false), batch.labels());
        }
      }
      if (skipped > 0) {
        log.warn("{}: {} corrupt images left out of the evaluation", definition.name(), skipped);
      }
      if (counter.samples() == 0) {
        throw new IllegalStateException(
            "None of the " + skipped + " images of dataset '" + definition.name() + "' could be decoded");
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
