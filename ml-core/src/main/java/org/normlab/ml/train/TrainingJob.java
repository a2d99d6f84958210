package org.normlab.ml.train;

import java.util.Objects;
import org.normlab.contracts.model.NormSpec;
import org.normlab.contracts.model.Task;
import org.normlab.contracts.run.Augmentation;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.contracts.run.RecipeSpec;
import org.normlab.contracts.run.ValidationTransform;
import org.normlab.ml.checkpoint.CheckpointStore;
import org.normlab.ml.data.BatchAssembler;
import org.normlab.ml.data.DatasetCatalog;
import org.normlab.ml.data.DatasetDefinition;
import org.normlab.ml.data.DatasetLoader;
import org.normlab.ml.data.EpochSampler;
import org.normlab.ml.data.ImageDataset;
import org.normlab.ml.data.Split;
import org.normlab.ml.data.TrainingBatches;
import org.normlab.ml.data.image.EncodedImages;
import org.normlab.ml.data.image.StreamedImages;
import org.normlab.ml.data.transform.ImagePipelines;
import org.normlab.ml.model.Network;

/** Entry point the trainer worker calls: one experiment, start to finish or to a stop request. */
public final class TrainingJob {

  private TrainingJob() {}

  /**
   * Trains {@code spec} on the train split of its dataset, checkpointing under {@code
   * checkpointPrefix}, on the calling thread, over {@code spec.replicas()} data-parallel replicas
   * (by default one per GPU, one on a CPU-only machine; see {@link DataParallel}).
   *
   * @param checkpointPrefix store-relative directory for this attempt, e.g. {@code
   *     runs/<runId>/attempt-1}
   * @param resumeFrom null for a fresh start, or a checkpoint of the same spec to continue from
   *     exactly (same batches, same rates, same state)
   * @throws TrainingStoppedException when the listener asked to stop (after a checkpoint)
   * @throws TrainingDivergedException when the loss stops being finite
   * @throws org.normlab.ml.checkpoint.CorruptCheckpointException when {@code resumeFrom} fails
   *     verification
   * @throws org.normlab.ml.data.DatasetNotFoundException when the dataset files are missing
   * @throws IllegalArgumentException for a spec ml-core cannot train (including a recipe's image
   *     pipeline that is not implemented yet, or any image pipeline on an in-memory dataset), or a
   *     checkpoint that does not belong to it
   */
  public static TrainingOutcome run(
      ExperimentSpec spec,
      DatasetCatalog datasets,
      CheckpointStore store,
      String checkpointPrefix,
      CheckpointRef resumeFrom,
      TrainingOptions options,
      TrainingListener listener) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(datasets, "datasets");
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(checkpointPrefix, "checkpointPrefix");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(listener, "listener");
    if (spec.task() != Task.CLASSIFICATION) {
      throw new IllegalArgumentException("ml-core trains CLASSIFICATION only, got " + spec.task());
    }
    DatasetDefinition definition = datasets.get(spec.dataset());
    requireImplemented(spec.training(), definition);
    int count = spec.replicas() != null ? spec.replicas() : defaultReplicas(spec);
    if (spec.batchSize() % count != 0 || (spec.batchSize() / count) % normGroup(spec) != 0) {
      throw new IllegalArgumentException(
          "A batch of "
              + spec.batchSize()
              + " split across "
              + count
              + " replicas must give each replica a whole number of normalization groups of "
              + spec.normBatchSize());
    }
    EpochSampler sampler;
    TrainingPlan plan;
    TrainingBatches batches;
    if (definition.format().streamed()) {
      EncodedImages train = StreamedImages.open(definition, Split.TRAIN);
      try {
        sampler = new EpochSampler(train.size(), spec.batchSize(), spec.seed());
        plan = TrainingPlan.of(spec, sampler.batchesPerEpoch());
      } catch (RuntimeException e) {
        closeQuietly(train);
        throw e;
      }
      batches =
          StreamedImages.training(
              train,
              definition,
              ImagePipelines.train(spec.training().augmentation(), definition.height()),
              sampler,
              spec.seed(),
              plan.totalIterations(),
              options.decoderThreads(),
              options.prefetchBatches());
    } else {
      ImageDataset train = DatasetLoader.load(definition, Split.TRAIN);
      sampler = new EpochSampler(train.size(), spec.batchSize(), spec.seed());
      plan = TrainingPlan.of(spec, sampler.batchesPerEpoch());
      batches = TrainingBatches.inMemory(sampler, new BatchAssembler(train));
    }
    try (batches;
        DataParallel replicas =
            DataParallel.create(count, device -> Network.create(spec, definition, device))) {
      TrainingLoop loop =
          new TrainingLoop(
              spec,
              plan,
              replicas,
              sampler,
              batches,
              store,
              new CheckpointRetention(store, checkpointPrefix, options.keepLastCheckpoints()),
              options,
              listener);
      return loop.run(resumeFrom);
    }
  }

  /**
   * In-memory formats (Fashion-MNIST) are fed as stored, so a recipe's image pipelines are refused
   * for them rather than silently ignored; decoded formats get the pipelines, which must exist.
   */
  private static void requireImplemented(RecipeSpec recipe, DatasetDefinition definition) {
    if (definition.format().streamed()) {
      ImagePipelines.train(recipe.augmentation(), definition.height());
      ImagePipelines.validation(recipe.validation(), definition.height());
      return;
    }
    if (recipe.augmentation() != Augmentation.NONE
        || recipe.validation() != ValidationTransform.NONE) {
      throw new IllegalArgumentException(
          "Recipe "
              + recipe.name()
              + " asks for augmentation "
              + recipe.augmentation()
              + " and validation "
              + recipe.validation()
              + " but dataset '"
              + definition.name()
              + "' ("
              + definition.format()
              + ") holds decoded images fed as stored; image pipelines apply to the decoded formats"
              + " IMAGENET_FOLDER and MXNET_RECORDIO");
    }
  }

  private static void closeQuietly(EncodedImages images) {
    try {
      images.close();
    } catch (java.io.IOException e) {
      // read-only files: nothing to lose
    }
  }

  /** Every device of the worker, except for MABN, which trains on one replica only. */
  private static int defaultReplicas(ExperimentSpec spec) {
    return NormSpec.parse(spec.norm()) instanceof NormSpec.MovingAverageBatch
        ? 1
        : DataParallel.defaultCount();
  }

  /**
   * Samples per normalization group a replica's shard must hold whole: normBatchSize for norms
   * with per-replica batch statistics, 1 for per-sample norms and for syncbn (whose statistics span
   * all replicas).
   */
  private static int normGroup(ExperimentSpec spec) {
    NormSpec norm = NormSpec.parse(spec.norm());
    return norm.usesBatchStatistics() && !(norm instanceof NormSpec.SyncBatch)
        ? spec.normBatchSize()
        : 1;
  }
}
