package org.normlab.ml.train;

import java.util.Objects;
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
import org.normlab.ml.model.Network;

/** Entry point the trainer worker calls: one experiment, start to finish or to a stop request. */
public final class TrainingJob {

  private TrainingJob() {}

  /**
   * Trains {@code spec} on the train split of its dataset, checkpointing under {@code
   * checkpointPrefix}, on the calling thread.
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
   *     pipeline that is not implemented yet), or a checkpoint that does not belong to it
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
    requireImplemented(spec.training());
    DatasetDefinition definition = datasets.get(spec.dataset());
    ImageDataset train = DatasetLoader.load(definition, Split.TRAIN);
    EpochSampler sampler = new EpochSampler(train.size(), spec.batchSize(), spec.seed());
    TrainingPlan plan = TrainingPlan.of(spec, sampler.batchesPerEpoch());
    try (Network network = Network.create(spec, definition)) {
      TrainingLoop loop =
          new TrainingLoop(
              spec,
              plan,
              network,
              sampler,
              new BatchAssembler(train),
              store,
              new CheckpointRetention(store, checkpointPrefix, options.keepLastCheckpoints()),
              options,
              listener);
      return loop.run(resumeFrom);
    }
  }

  /**
   * The papers' image pipelines need decoded ImageNet-size images, which no registered dataset format
   * provides yet; refusing them is better than silently training without them.
   */
  private static void requireImplemented(RecipeSpec recipe) {
    if (recipe.augmentation() != Augmentation.NONE
        || recipe.validation() != ValidationTransform.NONE) {
      throw new IllegalArgumentException(
          "Recipe "
              + recipe.name()
              + " asks for augmentation "
              + recipe.augmentation()
              + " and validation "
              + recipe.validation()
              + "; ml-core implements only NONE for both so far");
    }
  }
}
