package org.normlab.api.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The body of {@code POST /api/v1/experiments}: the spec (what to train) and its scheduling
 * (priority, owner, maxRestarts). Every field is nullable here so that the validator, not the JSON
 * binder, decides what is missing and reports all problems at once.
 *
 * <p>{@code recipe} names a training recipe ({@code GET /api/v1/recipes}) whose settings fill every
 * field the request leaves out; a field the request sets overrides the recipe's. The same record
 * holds a recipe's settings, so a recipe can preset any field of a request.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateExperimentRequest(
    String name,
    String task,
    String dataset,
    String backbone,
    String norm,
    Integer baseWidth,
    Integer normBatchSize,
    Integer batchSize,
    Integer epochs,
    Integer iterations,
    OptimizerRequest optimizer,
    Long seed,
    String priority,
    String owner,
    Integer maxRestarts,
    String recipe,
    Double labelSmoothing,
    Double dropout,
    String augmentation,
    String validation) {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record OptimizerRequest(
      Double lr, Double momentum, Double weightDecay, Boolean nesterov, ScheduleRequest schedule) {

    OptimizerRequest over(OptimizerRequest base) {
      if (base == null) {
        return this;
      }
      return new OptimizerRequest(
          first(lr, base.lr), first(momentum, base.momentum), first(weightDecay, base.weightDecay),
          first(nesterov, base.nesterov), schedule == null ? base.schedule : schedule.over(base.schedule));
    }
  }

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ScheduleRequest(
      String type, List<Integer> milestones, Double gamma, Integer warmupIterations, Double warmupFactor) {

    ScheduleRequest over(ScheduleRequest base) {
      if (base == null) {
        return this;
      }
      return new ScheduleRequest(
          first(type, base.type), first(milestones, base.milestones), first(gamma, base.gamma),
          first(warmupIterations, base.warmupIterations), first(warmupFactor, base.warmupFactor));
    }
  }

  /**
   * This request with every field it leaves out taken from {@code base} (a recipe's settings),
   * nested optimizer and schedule fields one by one. Length is one choice: a request that sets
   * {@code epochs} or {@code iterations} takes neither from the base.
   */
  public CreateExperimentRequest over(CreateExperimentRequest base) {
    boolean ownLength = epochs != null || iterations != null;
    return new CreateExperimentRequest(
        first(name, base.name), first(task, base.task), first(dataset, base.dataset),
        first(backbone, base.backbone), first(norm, base.norm), first(baseWidth, base.baseWidth),
        first(normBatchSize, base.normBatchSize), first(batchSize, base.batchSize),
        ownLength ? epochs : base.epochs, ownLength ? iterations : base.iterations,
        optimizer == null ? base.optimizer : optimizer.over(base.optimizer), first(seed, base.seed),
        first(priority, base.priority), first(owner, base.owner), first(maxRestarts, base.maxRestarts),
        recipe, first(labelSmoothing, base.labelSmoothing), first(dropout, base.dropout),
        first(augmentation, base.augmentation), first(validation, base.validation));
  }

  private static <T> T first(T own, T fallback) {
    return own != null ? own : fallback;
  }
}
