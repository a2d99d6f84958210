package org.normlab.contracts.run;

import java.util.Objects;
import org.normlab.contracts.model.Task;

/**
 * A validated experiment: what to train, on what, for how long. The API builds it from a request
 * after checking every field; workers receive it unchanged.
 *
 * @param normBatchSize samples per normalization group inside each SGD batch (divides batchSize)
 * @param epochs training length in passes over the train split, or null when {@code iterations} is set
 * @param iterations training length in SGD steps, or null when {@code epochs} is set
 * @param baseWidth channels of the backbone's first stage (64 in the papers; smaller for CPU runs)
 * @param recipe label smoothing, dropout, augmentation and the recipe's name; null (absent in JSON)
 *     means {@link RecipeSpec#PLAIN}, see {@link #training()}
 * @param initializeFrom another run's checkpoint to start from (retrain), or null to start from
 *     freshly initialized weights
 */
public record ExperimentSpec(
    String name,
    Task task,
    String dataset,
    String backbone,
    String norm,
    int baseWidth,
    int normBatchSize,
    int batchSize,
    Integer epochs,
    Integer iterations,
    OptimizerSpec optimizer,
    long seed,
    RecipeSpec recipe,
    WarmStart initializeFrom) {

  public ExperimentSpec {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(dataset, "dataset");
    Objects.requireNonNull(backbone, "backbone");
    Objects.requireNonNull(norm, "norm");
    Objects.requireNonNull(optimizer, "optimizer");
    if (baseWidth < 1 || normBatchSize < 1 || batchSize < 1) {
      throw new IllegalArgumentException("baseWidth, normBatchSize and batchSize must be positive");
    }
    if (batchSize % normBatchSize != 0) {
      throw new IllegalArgumentException("normBatchSize must divide batchSize");
    }
    if ((epochs == null) == (iterations == null)) {
      throw new IllegalArgumentException("exactly one of epochs and iterations must be set");
    }
    if ((epochs != null && epochs < 1) || (iterations != null && iterations < 1)) {
      throw new IllegalArgumentException("epochs and iterations must be positive");
    }
  }

  /** A spec without a warm start: trained from freshly initialized weights. */
  public ExperimentSpec(
      String name,
      Task task,
      String dataset,
      String backbone,
      String norm,
      int baseWidth,
      int normBatchSize,
      int batchSize,
      Integer epochs,
      Integer iterations,
      OptimizerSpec optimizer,
      long seed,
      RecipeSpec recipe) {
    this(name, task, dataset, backbone, norm, baseWidth, normBatchSize, batchSize, epochs, iterations,
        optimizer, seed, recipe, null);
  }

  /** This spec, started from {@code warmStart}. */
  public ExperimentSpec withInitializeFrom(WarmStart warmStart) {
    return new ExperimentSpec(name, task, dataset, backbone, norm, baseWidth, normBatchSize, batchSize, epochs,
        iterations, optimizer, seed, recipe, warmStart);
  }

  /** The recipe settings to train with: {@link #recipe()}, or {@link RecipeSpec#PLAIN} when absent. */
  public RecipeSpec training() {
    return recipe == null ? RecipeSpec.PLAIN : recipe;
  }
}
