package org.normlab.ml.eval;

import ai.djl.ndarray.NDArray;

/** Counts top-1 and top-k hits over batches of logits. */
final class TopKCounter {

  private final int k;
  private long samples;
  private long top1Hits;
  private long topKHits;

  /**
   * @param k the k of top-k (5, or the class count when there are fewer classes)
   */
  TopKCounter(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    this.k = k;
  }

  /**
   * @param logits (N, classes)
   * @param labels (N) class indices
   */
  void add(NDArray logits, NDArray labels) {
    long[] ranked = logits.topK(k, 1, true, true).get(1).toLongArray();
    long[] truth = labels.toLongArray();
    for (int i = 0; i < truth.length; i++) {
      if (ranked[i * k] == truth[i]) {
        top1Hits++;
      }
      for (int j = 0; j < k; j++) {
        if (ranked[i * k + j] == truth[i]) {
          topKHits++;
          break;
        }
      }
    }
    samples += truth.length;
  }

  long samples() {
    return samples;
  }

  double top1ErrorPercent() {
    return 100.0 * (samples - top1Hits) / samples;
  }

  double topKErrorPercent() {
    return 100.0 * (samples - topKHits) / samples;
  }
}
