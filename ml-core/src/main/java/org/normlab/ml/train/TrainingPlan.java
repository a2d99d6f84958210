package org.normlab.ml.train;

import org.normlab.contracts.run.ExperimentSpec;

/**
 * A run's length in iterations. Epochs are passes of {@code iterationsPerEpoch} full batches; a
 * spec given in iterations still moves through epochs for data order and schedules.
 */
public record TrainingPlan(int iterationsPerEpoch, long totalIterations) {

  public TrainingPlan {
    if (iterationsPerEpoch < 1 || totalIterations < 1) {
      throw new IllegalArgumentException(
          "plan needs positive lengths, got " + iterationsPerEpoch + " and " + totalIterations);
    }
  }

  /** The plan of {@code spec}: its epochs, or its iterations, over epochs of the given length. */
  public static TrainingPlan of(ExperimentSpec spec, int iterationsPerEpoch) {
    long total =
        spec.epochs() != null ? (long) spec.epochs() * iterationsPerEpoch : spec.iterations();
    return new TrainingPlan(iterationsPerEpoch, total);
  }

  /** 1-based epoch of the last completed iteration; 0 before the first. */
  public int epochAfter(long completedIterations) {
    return Math.toIntExact((completedIterations + iterationsPerEpoch - 1) / iterationsPerEpoch);
  }

  public boolean endsEpoch(long completedIterations) {
    return completedIterations % iterationsPerEpoch == 0;
  }
}
