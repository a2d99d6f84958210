package org.normlab.ml.train;

import ai.djl.ndarray.NDArray;

/** Softmax cross-entropy, mean over the batch ({@code torch.nn.CrossEntropyLoss()}). */
final class CrossEntropy {

  private CrossEntropy() {}

  /**
   * @param logits (N, classes)
   * @param labels (N) int64 class indices
   */
  static NDArray mean(NDArray logits, NDArray labels) {
    long n = labels.size();
    return logits.logSoftmax(1).gather(labels.reshape(n, 1), 1).mean().neg();
  }
}
