package org.normlab.contracts.run;

import java.util.List;

/**
 * Learning-rate schedule. Milestones are in epochs; the rate is multiplied by {@code gamma} at
 * each. During the first {@code warmupIterations} iterations the rate is further multiplied by
 * {@code warmupFactor + (1 - warmupFactor) * t / warmupIterations} (t the 0-based iteration): the
 * linear warmup of maskrcnn-benchmark's {@code WarmupMultiStepLR}, which the MABN COCO recipe uses
 * with factor 1/3 (and {@code torch.optim.lr_scheduler.LinearLR(start_factor)} stepped per
 * iteration).
 *
 * @param warmupFactor the multiplier at iteration 0, in (0, 1]; null means {@link
 *     #DEFAULT_WARMUP_FACTOR}
 */
public record ScheduleSpec(
    ScheduleType type, List<Integer> milestones, double gamma, int warmupIterations, Double warmupFactor) {

  /** maskrcnn-benchmark's {@code SOLVER.WARMUP_FACTOR}, used by the MABN COCO configs. */
  public static final double DEFAULT_WARMUP_FACTOR = 1.0 / 3;

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
    warmupFactor = warmupFactor == null ? DEFAULT_WARMUP_FACTOR : warmupFactor;
    if (!(warmupFactor > 0 && warmupFactor <= 1)) {
      throw new IllegalArgumentException("warmupFactor must be in (0, 1], got " + warmupFactor);
    }
  }

  /** A schedule with the default warmup factor. */
  public ScheduleSpec(ScheduleType type, List<Integer> milestones, double gamma, int warmupIterations) {
    this(type, milestones, gamma, warmupIterations, null);
  }

  public static ScheduleSpec constant() {
    return new ScheduleSpec(ScheduleType.CONSTANT, List.of(), 1.0, 0);
  }
}
