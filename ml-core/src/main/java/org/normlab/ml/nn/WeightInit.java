package org.normlab.ml.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.nio.FloatBuffer;
import java.util.Map;
import java.util.Random;
import org.normlab.ml.Seeds;

/**
 * Initializes weights as the official ResNet code does, reproducibly from the experiment seed:
 *
 * <ul>
 *   <li>convolution weights (rank 4): He normal, fan-out: N(0, sqrt(2 / (k_h k_w C_out)));
 *   <li>linear weights and biases: PyTorch's default U(-1/sqrt(fan_in), 1/sqrt(fan_in));
 *   <li>norm weights 1, biases 0, running mean 0, running variance 1 (left as DJL made them).
 * </ul>
 *
 * <p>Each parameter draws from its own {@link Random} seeded by (seed, state key), so values do not
 * depend on global RNG state or on the order of parameters. {@code java.util.Random}'s algorithm is
 * fixed by its specification, so the same seed gives the same weights on every JVM.
 */
public final class WeightInit {

  private WeightInit() {}

  public static void apply(Map<String, Parameter> state, long seed) {
    Autograd.withoutGrad(
        () -> {
          for (Map.Entry<String, Parameter> entry : state.entrySet()) {
            initialize(entry.getKey(), entry.getValue(), state, seed);
          }
        });
  }

  private static void initialize(
      String key, Parameter parameter, Map<String, Parameter> state, long seed) {
    NDArray array = parameter.getArray();
    Shape shape = array.getShape();
    Random random = new Random(Seeds.derive(seed, "init:" + key, 0));
    if (key.endsWith(".weight") && shape.dimension() == 4) {
      long fanOut = shape.get(0) * shape.get(2) * shape.get(3);
      fill(array, normal(random, shape.size(), Math.sqrt(2.0 / fanOut)));
    } else if (key.endsWith(".weight") && shape.dimension() == 2) {
      fill(array, uniform(random, shape.size(), 1.0 / Math.sqrt(shape.get(1))));
    } else if (key.endsWith(".bias")) {
      Parameter sibling = state.get(key.substring(0, key.length() - "bias".length()) + "weight");
      if (sibling != null && sibling.getArray().getShape().dimension() == 2) {
        long fanIn = sibling.getArray().getShape().get(1);
        fill(array, uniform(random, shape.size(), 1.0 / Math.sqrt(fanIn)));
      }
    }
  }

  private static float[] normal(Random random, long count, double std) {
    float[] values = new float[Math.toIntExact(count)];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextGaussian() * std);
    }
    return values;
  }

  private static float[] uniform(Random random, long count, double bound) {
    float[] values = new float[Math.toIntExact(count)];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
    }
    return values;
  }

  /** Copies {@code values} into {@code target} in place, keeping its autograd leaf status. */
  static void fill(NDArray target, float[] values) {
    try (NDManager scratch = target.getManager().newSubManager()) {
      NDArray source = scratch.create(FloatBuffer.wrap(values), target.getShape());
      copyInto(target, source);
    }
  }

  /**
   * {@code target[...] = source} in place. Replacing a parameter's array instead would lose
   * requires-grad (djl-notes 4) and the parameter store's cached reference.
   */
  public static void copyInto(NDArray target, NDArray source) {
    if (!target.getShape().equals(source.getShape())
        || target.getDataType() != source.getDataType()) {
      throw new IllegalArgumentException(
          "cannot copy "
              + source.getDataType()
              + source.getShape()
              + " into "
              + target.getDataType()
              + target.getShape());
    }
    if (target.getShape().dimension() > 0) {
      target.set(new NDIndex(":"), source);
      return;
    }
    // Scalars cannot be sliced; write through rank-1 views that share their storage.
    try (NDArray targetView = target.reshape(1);
        NDArray sourceView = source.reshape(1)) {
      targetView.set(new NDIndex(":"), sourceView);
    }
  }
}
