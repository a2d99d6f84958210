package org.normlab.contracts.run;

/** SGD with momentum, as in all three papers' recipes. Weight decay applies to every parameter. */
public record OptimizerSpec(double lr, double momentum, double weightDecay, boolean nesterov, ScheduleSpec schedule) {

  public OptimizerSpec {
    if (!(lr > 0)) {
      throw new IllegalArgumentException("lr must be > 0, got " + lr);
    }
    if (momentum < 0 || momentum >= 1) {
      throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
    }
    if (weightDecay < 0) {
      throw new IllegalArgumentException("weightDecay must be >= 0, got " + weightDecay);
    }
    schedule = schedule == null ? ScheduleSpec.constant() : schedule;
  }
}
