package org.normlab.ml.nn;

import ai.djl.ndarray.NDArray;

/**
 * A layer whose training gradient is not autograd's gradient of its forward pass (MABN), built
 * without a custom-autograd hook, which DJL lacks.
 *
 * <p>The layer shapes its forward graph so that autograd yields the part of its gradient that
 * depends on the current upstream gradient, and adds the part that does not as a separate scalar
 * (the {@link #gradientCorrection}): backward must run on {@code loss + sum of corrections}, in one
 * pass. After that pass, {@link #afterBackward} lets the layer read what backward produced (MABN
 * records its gradient statistic). {@link Backprop#run} does both; the training loop calls it
 * through {@code Network.backward}.
 *
 * <p>One training forward per backward: a second forward replaces the pending state.
 */
public interface CustomGradient {

  /**
   * A scalar whose gradient completes this layer's custom backward for the last training forward
   * (its value is irrelevant), or null when none is needed. Lives in that forward's scope.
   */
  NDArray gradientCorrection();

  /** Called once after the backward pass, before the optimizer changes any parameter. */
  void afterBackward();
}
