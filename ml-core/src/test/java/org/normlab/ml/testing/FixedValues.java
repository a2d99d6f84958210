package org.normlab.ml.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.normlab.ml.nn.Autograd;
import org.normlab.ml.nn.WeightInit;

/**
 * The deterministic tensors make_golden_zoo.py feeds its reference modules, recomputed here so the
 * golden files hold only results: {@code offset + scale * sin(0.37 i + 1.3 k + 0.5)} over the flat
 * index i, rounded to float32.
 */
public final class FixedValues {

  /** {@code k} of the input and of the output gradient (make_golden_zoo.INPUT, OUTPUT_GRAD). */
  public static final int INPUT = 100;

  public static final int OUTPUT_GRAD = 200;

  private FixedValues() {}

  public static float[] fixed(long count, int k, double scale, double offset) {
    float[] values = new float[Math.toIntExact(count)];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (offset + scale * Math.sin(0.37 * i + 1.3 * k + 0.5));
    }
    return values;
  }

  public static NDArray input(NDManager manager, Shape shape) {
    return manager.create(fixed(shape.size(), INPUT, 1.5, 0.5), shape);
  }

  public static NDArray outputGrad(NDManager manager, Shape shape) {
    return manager.create(fixed(shape.size(), OUTPUT_GRAD, 1.0, 0), shape);
  }

  /**
   * make_golden_zoo.set_weights: the k-th trainable parameter (state order) gets norm scales 1 +-
   * 0.2, biases +- 0.2, weights +- 1.5 / sqrt(fan_in).
   *
   * @return the trainable keys in the order used
   */
  public static List<String> setWeights(Map<String, Parameter> state, NDManager scope) {
    List<String> keys = new ArrayList<>();
    Autograd.withoutGrad(
        () -> {
          for (Map.Entry<String, Parameter> entry : state.entrySet()) {
            if (!entry.getValue().requiresGradient()) {
              continue;
            }
            int k = keys.size();
            keys.add(entry.getKey());
            NDArray target = entry.getValue().getArray();
            Shape shape = target.getShape();
            float[] values;
            if (shape.dimension() == 1 && entry.getKey().endsWith("weight")) {
              values = fixed(shape.size(), k, 0.2, 1.0);
            } else if (shape.dimension() == 1) {
              values = fixed(shape.size(), k, 0.2, 0);
            } else {
              long fanIn = shape.size() / shape.get(0);
              values = fixed(shape.size(), k, 1.5 / Math.sqrt(fanIn), 0);
            }
            WeightInit.copyInto(target, scope.create(values, shape));
          }
        });
    return keys;
  }
}
