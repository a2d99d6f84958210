package org.normlab.ml.train;

import org.normlab.contracts.run.Progress;

/** Mean loss and throughput since the last report. */
final class ProgressMeter {

  private double lossSum;
  private long steps;
  private long images;
  private long since;
  private double lastLoss = Double.NaN;

  ProgressMeter() {
    since = System.nanoTime();
  }

  void record(double loss, int batchSize) {
    lossSum += loss;
    steps++;
    images += batchSize;
    lastLoss = loss;
  }

  /**
   * Progress at {@code iteration}, then starts a new reporting window.
   *
   * @param skippedImages corrupt images skipped so far, null for in-memory datasets
   */
  Progress report(int epoch, long iteration, long total, double lr, Long skippedImages) {
    Progress progress = peek(epoch, iteration, total, lr, skippedImages);
    lossSum = 0;
    steps = 0;
    images = 0;
    since = System.nanoTime();
    return progress;
  }

  /** Progress at {@code iteration} without starting a new window (for a stop between reports). */
  Progress peek(int epoch, long iteration, long total, double lr, Long skippedImages) {
    double seconds = (System.nanoTime() - since) / 1e9;
    double loss = steps == 0 ? lastLoss : lossSum / steps;
    double rate = seconds > 0 ? images / seconds : 0;
    return new Progress(epoch, iteration, total, loss, lr, rate, skippedImages);
  }

  double lastLoss() {
    return lastLoss;
  }
}
