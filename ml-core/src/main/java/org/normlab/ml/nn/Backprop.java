package org.normlab.ml.nn;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * Backward of a loss through a network that may hold {@link CustomGradient} layers and layers that
 * cut the graph ({@link ReplicaLink.CutPoint}).
 */
public final class Backprop {

  private Backprop() {}

  /**
   * Backpropagates {@code loss} plus every layer's gradient correction in one pass (gradients
   * accumulate into the leaves), then the cut points of {@code link} from the last to the first,
   * then lets each custom-gradient layer read what it needs, with grad mode off.
   */
  public static void run(NDArray loss, List<? extends CustomGradient> layers, ReplicaLink link) {
    NDArray target = loss;
    for (CustomGradient layer : layers) {
      NDArray correction = layer.gradientCorrection();
      if (correction != null) {
        target = target.add(correction);
      }
    }
    Torch.backward(target, link.hasCuts());
    link.backwardCuts();
    Autograd.withoutGrad(() -> layers.forEach(CustomGradient::afterBackward));
  }

  /** {@link #run(NDArray, List, ReplicaLink)} for a network without synchronized layers. */
  public static void run(NDArray loss, List<? extends CustomGradient> layers) {
    run(loss, layers, ReplicaLink.solo());
  }
}
