package org.normlab.ml.detection.train;

import org.normlab.contracts.run.Progress;

/** Mean loss and images per second since the last report. */
final class LossMeter {

  private double lossSum;
  private long steps;
  private long images;
  private long since = System.nanoTime();
  private double lastLoss = Double.NaN;

  void record(double loss, int batchSize) {
    lossSum += loss;
    steps++;
    images += batchSize;
    lastLoss = loss;
  }

  /** Progress at {@code iteration}, then a new reporting window. */
  Progress report(int epoch, long iteration, long total, double lr) {
    Progress progress = peek(epoch, iteration, total, lr);
    lossSum = 0;
    steps = 0;
    images = 0;
    since = System.nanoTime();
    return progress;
  }

  /** Progress at {@code iteration}, the window left open (a stop between reports). */
  Progress peek(int epoch, long iteration, long total, double lr) {
    double seconds = (System.nanoTime() - since) / 1e9;
    double loss = steps == 0 ? lastLoss : lossSum / steps;
    return new Progress(epoch, iteration, total, loss, lr, seconds > 0 ? images / seconds : 0);
  }
}
