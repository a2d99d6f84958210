package org.normlab.ml.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The few PyTorch-engine calls DJL's engine-neutral API lacks, in one place: native batch norm with
 * caller-chosen running-stat buffers, thread-local grad mode, and backward without the JVM-wide
 * {@code GradientCollector} lock (djl-notes section 2 and 8).
 */
public final class Torch {

  private Torch() {}

  static PtNDArray pt(NDArray array) {
    if (array instanceof PtNDArray ptArray) {
      return ptArray;
    }
    throw new IllegalArgumentException(
        "ml-core runs on DJL's PyTorch engine; got an array of engine "
            + array.getManager().getEngine().getEngineName());
  }

  /**
   * {@code torch.nn.functional.batch_norm} over axis 1.
   *
   * @param momentum PyTorch convention: weight of the new batch statistic in the running update
   */
  public static NDArray batchNorm(
      NDArray input,
      NDArray runningMean,
      NDArray runningVar,
      NDArray weight,
      NDArray bias,
      boolean training,
      double momentum,
      double eps) {
    // JniUtils names its 2nd..5th parameters gamma, beta, runningMean, runningVar, but the native
    // function takes (input, running_mean, running_var, weight, bias): verified numerically.
    return JniUtils.batchNorm(
        pt(input), pt(runningMean), pt(runningVar), pt(weight), pt(bias), training, momentum, eps);
  }

  /** Whether autograd records ops on the calling thread (libtorch grad mode is thread-local). */
  public static boolean isGradMode() {
    return JniUtils.isGradMode();
  }

  public static void setGradMode(boolean enabled) {
    JniUtils.setGradMode(enabled);
  }

  /** Backpropagates a scalar; gradients accumulate into the leaves' {@code .grad}. */
  public static void backward(NDArray scalar) {
    backward(scalar, false);
  }

  /**
   * The same, keeping the graph's saved tensors when {@code keepGraph}, for graphs that later
   * backward calls traverse again in part (they are freed with the arrays' scope).
   */
  public static void backward(NDArray scalar, boolean keepGraph) {
    try (NDArray seed = scalar.onesLike()) {
      JniUtils.backward(pt(scalar), pt(seed), keepGraph, false);
    }
  }

  /** Zeroes a leaf's accumulated gradient in place. */
  public static void zeroGrad(NDArray leaf) {
    JniUtils.zeroGrad(pt(leaf));
  }
}
