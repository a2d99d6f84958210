package org.normlab.ml.detection.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.regex.Pattern;
import org.normlab.ml.Seeds;
import org.normlab.ml.nn.Autograd;
import org.normlab.ml.nn.WeightInit;

/**
 * Initial weights, reproducibly from a seed (each parameter from its own stream keyed by its state
 * key, as {@link WeightInit}). The backbone and everything not listed below is initialized as the
 * classification backbones are ({@link WeightInit}: He normal fan-out for convolutions); the
 * detection layers as maskrcnn-benchmark initializes them:
 *
 * <ul>
 *   <li>FPN convolutions and {@code fc6}: {@code kaiming_uniform_(a=1)}, i.e. U(+-sqrt(3 / fan_in));
 *   <li>RPN convolutions, the box head's convolutions and {@code cls_score}: N(0, 0.01);
 *       {@code bbox_pred} of the box head: N(0, 0.001);
 *   <li>mask head: He normal fan-out (WeightInit's rule, as {@code kaiming_normal_(fan_out)});
 *   <li>every bias of these layers: 0.
 * </ul>
 */
final class DetectionInit {

  private record Rule(Pattern key, BiFunction<Random, Shape, float[]> values) {}

  private static final List<Rule> RULES =
      List.of(
          new Rule(Pattern.compile("^roi_heads\\.box\\.bbox_pred\\.weight$"), normal(0.001)),
          new Rule(Pattern.compile("^roi_heads\\.box\\.cls_score\\.weight$"), normal(0.01)),
          new Rule(Pattern.compile("^roi_heads\\.box\\.xconvs\\.\\d+\\.0\\.weight$"), normal(0.01)),
          new Rule(Pattern.compile("^rpn\\.head\\.[a-z_]+\\.weight$"), normal(0.01)),
          new Rule(Pattern.compile("^backbone\\.fpn\\.fpn_\\w+\\.0\\.weight$"), kaimingUniformA1()),
          new Rule(Pattern.compile("^roi_heads\\.box\\.fc6\\.weight$"), kaimingUniformA1()),
          new Rule(Pattern.compile("^(rpn|roi_heads)\\..*\\.bias$"), zeros()));

  private DetectionInit() {}

  static void apply(Map<String, Parameter> state, long seed) {
    WeightInit.apply(state, seed);
    Autograd.withoutGrad(
        () ->
            state.forEach(
                (key, parameter) -> {
                  // Norm parameters (weight 1, bias 0) are left as they are.
                  if (!parameter.requiresGradient() || isNorm(key, state)) {
                    return;
                  }
                  for (Rule rule : RULES) {
                    if (rule.key().matcher(key).matches()) {
                      NDArray array = parameter.getArray();
                      Random random = new Random(Seeds.derive(seed, "init:" + key, 0));
                      fill(array, rule.values().apply(random, array.getShape()));
                      return;
                    }
                  }
                }));
  }

  /** A norm's affine pair: a rank-1 weight (every conv and linear weight has rank >= 2). */
  private static boolean isNorm(String key, Map<String, Parameter> state) {
    String module = key.substring(0, key.lastIndexOf('.') + 1);
    Parameter weight = state.get(module + "weight");
    return weight != null && weight.getArray().getShape().dimension() == 1;
  }

  private static BiFunction<Random, Shape, float[]> normal(double std) {
    return (random, shape) -> {
      float[] values = new float[Math.toIntExact(shape.size())];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) (random.nextGaussian() * std);
      }
      return values;
    };
  }

  private static BiFunction<Random, Shape, float[]> kaimingUniformA1() {
    return (random, shape) -> {
      long fanIn = shape.size() / shape.get(0);
      double bound = Math.sqrt(3.0 / fanIn);
      float[] values = new float[Math.toIntExact(shape.size())];
      for (int i = 0; i < values.length; i++) {
        values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
      }
      return values;
    };
  }

  private static BiFunction<Random, Shape, float[]> zeros() {
    return (random, shape) -> new float[Math.toIntExact(shape.size())];
  }

  private static void fill(NDArray target, float[] values) {
    try (NDManager scratch = target.getManager().newSubManager()) {
      WeightInit.copyInto(target, scratch.create(FloatBuffer.wrap(values), target.getShape()));
    }
  }
}
