package org.normlab.api.experiment;

import java.util.List;

/**
 * The body of {@code POST /api/v1/experiments}: the spec (what to train) and its scheduling
 * (priority, owner, maxRestarts), its tags, and {@code force}: train even if a run with the same
 * config hash and code version exists (see {@link ConfigHash}). Every field is nullable here so that the validator, not the JSON
 * binder, decides what is missing and reports all problems at once.
 */
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
    List<String> tags,
    Boolean force) {

  public record OptimizerRequest(
      Double lr, Double momentum, Double weightDecay, Boolean nesterov, ScheduleRequest schedule) {}

  public record ScheduleRequest(String type, List<Integer> milestones, Double gamma, Integer warmupIterations) {}
}
