package org.normlab.ml.detection.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.nn.Activation;
import org.normlab.ml.nn.Scalars;

/**
 * The detector's loss terms, composed from ops autograd records. Constants are scoped scalars
 * ({@link Scalars}), never Java numbers, so backward never reads a freed operand.
 */
final class Losses {

  private Losses() {}

  /**
   * Mean binary cross-entropy of logits {@code x} against targets {@code y} in [0, 1], in the
   * stable form {@code max(x, 0) - x y + log(1 + exp(-|x|))}.
   */
  static NDArray binaryCrossEntropyWithLogits(NDArray x, NDArray y) {
    NDArray softplus = x.abs().neg().exp().add(Scalars.like(x, 1)).log();
    return Activation.relu(x).sub(x.mul(y)).add(softplus).mean();
  }

  /**
   * Sum of the smooth-L1 loss: {@code 0.5 d^2 / beta} where {@code |d| < beta}, {@code |d| - 0.5
   * beta} elsewhere.
   */
  static NDArray smoothL1Sum(NDArray prediction, NDArray target, double beta) {
    NDArray d = prediction.sub(target).abs();
    NDArray quadratic = d.square().mul(Scalars.like(d, 0.5 / beta));
    NDArray linear = d.sub(Scalars.like(d, 0.5 * beta));
    NDArray small = d.lt(Scalars.like(d, beta));
    return NDArrays.where(small, quadratic, linear).sum();
  }

  /** Mean softmax cross-entropy of logits (R, K) for one-hot targets (R, K). */
  static NDArray crossEntropy(NDArray logits, NDArray oneHot) {
    long rows = logits.getShape().get(0);
    return logits.logSoftmax(1).mul(oneHot).sum().neg().mul(Scalars.like(logits, 1.0 / rows));
  }
}
