package org.normlab.ml.train;

import ai.djl.ndarray.NDArray;

/**
 * Softmax cross-entropy, mean over the batch, with optional label smoothing: {@code
 * torch.nn.CrossEntropyLoss(label_smoothing=eps)}, i.e. the target is onehot x (1 - eps) + eps / K,
 * as the MABN recipe's loss (eps 0.1, K 1000) defines it.
 */
final class CrossEntropy {

  private CrossEntropy() {}

  /**
   * @param logits (N, classes)
   * @param labels (N) int64 class indices
   * @param labelSmoothing eps in [0, 1); 0 is plain cross-entropy
   */
  static NDArray mean(NDArray logits, NDArray labels, double labelSmoothing) {
    long n = labels.size();
    NDArray logProbabilities = logits.logSoftmax(1);
    NDArray nll = logProbabilities.gather(labels.reshape(n, 1), 1).mean().neg();
    if (labelSmoothing == 0) {
      return nll;
    }
    // (1 - eps) x NLL + eps x mean over classes of -log p: the smoothed target's cross-entropy.
    NDArray uniform = logProbabilities.mean(new int[] {1}).mean().neg();
    return nll.mul((float) (1 - labelSmoothing)).add(uniform.mul((float) labelSmoothing));
  }

  /** Plain cross-entropy ({@code torch.nn.CrossEntropyLoss()}). */
  static NDArray mean(NDArray logits, NDArray labels) {
    return mean(logits, labels, 0);
  }
}
