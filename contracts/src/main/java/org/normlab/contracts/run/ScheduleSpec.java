package org.normlab.contracts.run;

import java.util.List;

/**
 * Learning-rate schedule. Milestones are in epochs; the rate is multiplied by {@code gamma} at
 * each. {@code warmupIterations} ramps the rate linearly from lr/warmup to lr.
 */
public record ScheduleSpec(ScheduleType type, List<Integer> milestones, double gamma, int warmupIterations) {

  public enum ScheduleType {
    CONSTANT,
    MULTISTEP,
    COSINE
  }

  public ScheduleSpec {
    if (type == null) {
      throw new IllegalArgumentException("schedule type is required");
    }
    milestones = milestones == null ? List.of() : List.copyOf(milestones);
    if (warmupIterations < 0) {
      throw new IllegalArgumentException("warmupIterations must be >= 0, got " + warmupIterations);
    }
  }

  public static ScheduleSpec constant() {
    return new ScheduleSpec(ScheduleType.CONSTANT, List.of(), 1.0, 0);
  }
}
