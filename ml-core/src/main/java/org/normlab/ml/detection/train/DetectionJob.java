package org.normlab.ml.detection.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.normlab.contracts.model.Task;
import org.normlab.contracts.run.Augmentation;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.contracts.run.RecipeSpec;
import org.normlab.ml.checkpoint.CheckpointStore;
import org.normlab.ml.data.DatasetCatalog;
import org.normlab.ml.data.DatasetDefinition;
import org.normlab.ml.data.DatasetFormat;
import org.normlab.ml.data.DatasetNotFoundException;
import org.normlab.ml.data.EpochSampler;
import org.normlab.ml.data.Split;
import org.normlab.ml.detection.coco.CocoDetectionData;
import org.normlab.ml.detection.model.MaskRcnn;
import org.normlab.ml.train.CheckpointRetention;
import org.normlab.ml.train.TrainingListener;
import org.normlab.ml.train.TrainingOptions;
import org.normlab.ml.train.TrainingOutcome;
import org.normlab.ml.train.TrainingPlan;

/**
 * Entry point the trainer worker calls for a {@code detection} spec: Mask R-CNN (with the spec's
 * backbone, width and norm in backbone, FPN and heads) on the train split of a COCO-format dataset,
 * with the detection recipe (seeds-spec F.3): SGD with momentum, the spec's linear warmup and
 * multistep schedule, weight decay, biases at 2 x lr without weight decay. The same contract as
 * {@link org.normlab.ml.train.TrainingJob}: listener events, checkpoints every N iterations, at
 * every epoch end and at the end, exact resume.
 */
public final class DetectionJob {

  private DetectionJob() {}

  /**
   * Trains {@code spec} on the calling thread, on one device (the first GPU, or the CPU).
   *
   * @param checkpointPrefix store-relative directory for this attempt
   * @param resumeFrom null for a fresh start, or a checkpoint of the same spec to continue from
   *     exactly
   * @throws org.normlab.ml.train.TrainingStoppedException when the listener asked to stop (after a
   *     checkpoint)
   * @throws org.normlab.ml.train.TrainingDivergedException when the loss stops being finite
   * @throws DatasetNotFoundException when the dataset's annotation file or image directory is
   *     missing
   * @throws IllegalArgumentException for a spec this job cannot train (a dataset that is not
   *     COCO-format, several replicas, classification recipe settings), or a checkpoint that does
   *     not belong to it
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
    if (spec.task() != Task.DETECTION) {
      throw new IllegalArgumentException("DetectionJob trains task DETECTION, got " + spec.task());
    }
    DatasetDefinition definition = datasets.get(spec.dataset());
    DetectionSetup.requireCoco(definition);
    requireTrainable(spec);
    CocoDetectionData train = open(definition);
    if (train.classes() != definition.numClasses()) {
      throw new IllegalArgumentException(
          "dataset '"
              + definition.name()
              + "' is registered with "
              + definition.numClasses()
              + " categories but its train annotations hold "
              + train.classes());
    }
    EpochSampler sampler = new EpochSampler(train.size(), spec.batchSize(), spec.seed());
    TrainingPlan plan = TrainingPlan.of(spec, sampler.batchesPerEpoch());
    try (MaskRcnn model =
        MaskRcnn.create(
            DetectionSetup.config(spec, definition), DetectionSetup.norms(spec), spec.seed())) {
      DetectionLoop loop =
          new DetectionLoop(
              spec,
              plan,
              model,
              sampler,
              new DetectionBatches(train, definition, sampler, spec.seed()),
              store,
              new CheckpointRetention(store, checkpointPrefix, options.keepLastCheckpoints()),
              options,
              listener);
      return loop.run(resumeFrom);
    }
  }

  /** The train split, images without any non-crowd object left out (they give no target). */
  private static CocoDetectionData open(DatasetDefinition definition) {
    String split = DatasetFormat.cocoSplit(Split.TRAIN);
    for (String file : definition.format().files(Split.TRAIN)) {
      Path path = definition.location().resolve(file);
      if (!Files.exists(path)) {
        throw new DatasetNotFoundException(definition, path);
      }
    }
    return CocoDetectionData.open(definition.location(), split, true);
  }

  private static void requireTrainable(ExperimentSpec spec) {
    if (spec.replicas() != null && spec.replicas() != 1) {
      throw new IllegalArgumentException(
          "replicas: detection trains one replica (its norms see the whole batch of "
              + spec.batchSize()
              + " images), got "
              + spec.replicas());
    }
    RecipeSpec recipe = spec.training();
    if (recipe.labelSmoothing() != 0
        || recipe.dropout() != 0
        || recipe.augmentation() != Augmentation.NONE) {
      throw new IllegalArgumentException(
          "Recipe "
              + recipe.name()
              + " sets label smoothing "
              + recipe.labelSmoothing()
              + ", dropout "
              + recipe.dropout()
              + " and augmentation "
              + recipe.augmentation()
              + "; detection has none of them (its images are resized and flipped), allowed: 0, 0,"
              + " NONE");
    }
  }
}
