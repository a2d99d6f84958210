package org.normlab.ml.train;

import org.normlab.contracts.run.OptimizerSpec;
import org.normlab.contracts.run.ScheduleSpec;

/**
 * The learning rate of each iteration, a pure function of the 0-based iteration (so a resumed run
 * gets exactly the rates the uninterrupted one would have):
 *
 * <ul>
 *   <li>CONSTANT: lr;
 *   <li>MULTISTEP: lr x gamma^(milestones reached), milestones in epochs, applied at the first
 *       iteration of the milestone epoch (as {@code MultiStepLR} stepped per epoch);
 *   <li>COSINE: lr x (1 + cos(pi x t / T)) / 2 per iteration, t the iteration, T the run length;
 *   <li>warmup, on top of any of them: x f + (1 - f) x t / W for t < W, so it ramps linearly from
 *       f x lr to lr (maskrcnn-benchmark's {@code WarmupMultiStepLR} "linear", which the MABN COCO
 *       recipe uses with f = 1/3; equal to torch's {@code LinearLR(start_factor=f, total_iters=W)}).
 * </ul>
 *
 * <p>Checked against the torch schedulers in {@code LearningRateScheduleTest}.
 */
public final class LearningRateSchedule {

  private final OptimizerSpec optimizer;
  private final TrainingPlan plan;

  public LearningRateSchedule(OptimizerSpec optimizer, TrainingPlan plan) {
    this.optimizer = optimizer;
    this.plan = plan;
  }

  /** The base rate of 0-based {@code iteration}. */
  public double at(long iteration) {
    ScheduleSpec schedule = optimizer.schedule();
    double factor;
    switch (schedule.type()) {
      case CONSTANT:
        factor = 1;
        break;
      case MULTISTEP:
        long epoch = iteration / plan.iterationsPerEpoch();
        int reached = 0;
        for (int milestone : schedule.milestones()) {
          if (milestone <= epoch) {
            reached++;
          }
        }
        factor = Math.pow(schedule.gamma(), reached);
        break;
      case COSINE:
        factor = 0.5 * (1 + Math.cos(Math.PI * iteration / plan.totalIterations()));
        break;
      default:
        throw new IllegalArgumentException("Unsupported schedule " + schedule.type());
    }
    int warmup = schedule.warmupIterations();
    if (iteration < warmup) {
      double start = schedule.warmupFactor();
      factor *= start + (1 - start) * iteration / warmup;
    }
    return optimizer.lr() * factor;
  }
}
