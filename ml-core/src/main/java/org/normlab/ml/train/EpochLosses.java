package org.normlab.ml.train;

import java.util.ArrayList;
import java.util.List;
import org.normlab.ml.checkpoint.LossHistory;

/** Accumulates each epoch's mean training loss; checkpoints carry it as a {@link LossHistory}. */
public final class EpochLosses {

  private final List<Double> epochMeans = new ArrayList<>();
  private double openSum;
  private long openSteps;

  /** Carries on from a checkpoint's history. */
  public void restore(LossHistory history) {
    epochMeans.clear();
    epochMeans.addAll(history.epochMeans());
    openSum = history.openSum();
    openSteps = history.openSteps();
  }

  public void record(double loss) {
    openSum += loss;
    openSteps++;
  }

  /** Ends the epoch in progress; an epoch without steps (never the case in a run) is not recorded. */
  public void closeEpoch() {
    if (openSteps > 0) {
      epochMeans.add(openSum / openSteps);
    }
    openSum = 0;
    openSteps = 0;
  }

  public LossHistory snapshot() {
    return new LossHistory(epochMeans, openSum, openSteps);
  }
}
