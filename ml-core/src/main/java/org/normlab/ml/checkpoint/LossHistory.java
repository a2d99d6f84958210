package org.normlab.ml.checkpoint;

import java.util.List;

/**
 * The training loss so far: the mean of each completed epoch, and the running sum and step count
 * of the epoch in progress, so that a resumed run reports the same epoch means as an uninterrupted
 * one (the same losses, added in the same order).
 *
 * @param epochMeans mean training loss of epochs 1 .. n, in order
 * @param openSum sum of the losses of the epoch in progress
 * @param openSteps steps taken in the epoch in progress
 */
public record LossHistory(List<Double> epochMeans, double openSum, long openSteps) {

  public static final LossHistory EMPTY = new LossHistory(List.of(), 0, 0);

  public LossHistory {
    epochMeans = List.copyOf(epochMeans);
    if (openSteps < 0) {
      throw new IllegalArgumentException("openSteps must be >= 0, got " + openSteps);
    }
  }

  /**
   * The 1-based epoch with the lowest mean loss (the earliest on ties), or 0 before any epoch ended.
   * A non-finite mean never wins.
   */
  public int bestEpoch() {
    int best = 0;
    for (int i = 0; i < epochMeans.size(); i++) {
      double mean = epochMeans.get(i);
      if (Double.isFinite(mean) && (best == 0 || mean < epochMeans.get(best - 1))) {
        best = i + 1;
      }
    }
    return best;
  }
}
