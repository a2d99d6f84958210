package org.normlab.ml.nn;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** Backward of a loss through a network that may hold {@link CustomGradient} layers. */
public final class Backprop {

  private Backprop() {}

  /**
   * Backpropagates {@code loss} plus every layer's gradient correction in one pass (gradients
   * accumulate into the leaves), then lets each layer read what it needs, with grad mode off.
   */
  public static void run(NDArray loss, List<? extends CustomGradient> layers) {
    NDArray target = loss;
    for (CustomGradient layer : layers) {
      NDArray correction = layer.gradientCorrection();
      if (correction != null) {
        target = target.add(correction);
      }
    }
    Torch.backward(target);
    Autograd.withoutGrad(() -> layers.forEach(CustomGradient::afterBackward));
  }
}
