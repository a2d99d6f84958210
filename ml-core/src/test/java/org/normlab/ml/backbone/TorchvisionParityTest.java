package org.normlab.ml.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.normlab.contracts.model.NormSpec;
import org.normlab.ml.model.Network;
import org.normlab.ml.nn.Autograd;
import org.normlab.ml.nn.WeightInit;
import org.normlab.ml.norm.NormPolicy;
import org.normlab.ml.testing.Golden;
import tools.jackson.databind.JsonNode;

/**
 * Our ResNets against torchvision 0.14's (make_golden.py): the same state keys in the same order
 * with the same shapes, the same parameter count, and, for resnet18, the same inference logits when
 * both carry the same weights. An input above 64 px selects torchvision's stem.
 */
class TorchvisionParityTest {

  private static final JsonNode GOLDEN = Golden.load("resnet/torchvision_resnets.json");
  private static final BackboneRegistry REGISTRY = BackboneRegistry.defaults();

  @ParameterizedTest
  @ValueSource(strings = {"resnet10", "resnet18", "resnet34"})
  void stateKeysAndShapesAreTorchvisions(String name) {
    JsonNode expected = GOLDEN.get(name);
    try (Network network = build(name, 10)) {
      assertThat(network.state().keySet()).containsExactlyElementsOf(strings(expected.get("keys")));
      List<List<Long>> shapes = new ArrayList<>();
      for (Parameter parameter : network.state().values()) {
        shapes.add(boxed(parameter.getArray().getShape().getShape()));
      }
      List<List<Long>> expectedShapes = new ArrayList<>();
      expected.get("shapes").forEach(s -> expectedShapes.add(boxed(Golden.longs(s))));
      assertThat(shapes).isEqualTo(expectedShapes);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"resnet10", "resnet18", "resnet34"})
  void parameterCountIsTorchvisions(String name) {
    try (Network network = build(name, 1000)) {
      long count = network.trainable().values().stream().mapToLong(p -> p.getArray().size()).sum();
      assertThat(count).isEqualTo(GOLDEN.get(name).get("parametersFor1000Classes").asLong());
    }
  }

  /** Tolerance 2e-4: float32 here vs float64 there, through 18 layers, logits of order 1. */
  @org.junit.jupiter.api.Test
  void resnet18InferenceMatchesTorchvisionWithTheSameWeights() {
    JsonNode expected = GOLDEN.get("resnet18");
    List<String> keys = strings(expected.get("keys"));
    try (Network network = build("resnet18", 10);
        NDManager scope = network.manager().newSubManager()) {
      Map<String, Parameter> state = network.state();
      Autograd.withoutGrad(
          () -> {
            for (int k = 0; k < keys.size(); k++) {
              NDArray target = state.get(keys.get(k)).getArray();
              WeightInit.copyInto(
                  target, scope.create(fill(keys.get(k), target.getShape(), k), target.getShape()));
            }
          });
      Shape inputShape = new Shape(Golden.longs(expected.get("inputShape")));
      float[] input = new float[(int) inputShape.size()];
      for (int i = 0; i < input.length; i++) {
        input[i] = (float) Math.sin(0.011 * i);
      }
      float[] logits = network.forward(scope.create(input, inputShape), false).toFloatArray();
      assertThat(Golden.maxAbsDiff(logits, Golden.floats(expected.get("logits")))).isLessThan(2e-4);
    }
  }

  /** make_golden.py's fill: 0.05 sin(0.37 i + 1.3 k), plus 1 for norm scales and variances. */
  private static float[] fill(String key, Shape shape, int k) {
    float[] values = new float[(int) shape.size()];
    boolean nearOne =
        key.endsWith("running_var") || (key.endsWith(".weight") && shape.dimension() == 1);
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (0.05 * Math.sin(0.37 * i + 1.3 * k) + (nearOne ? 1 : 0));
    }
    return values;
  }

  private static Network build(String name, int classes) {
    BackboneConfig config =
        new BackboneConfig(
            NormPolicy.uniform(new NormSpec.Batch(), 1), 64, classes, new ImageShape(3, 72, 72));
    return Network.create(REGISTRY, name, config, 0);
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static List<Long> boxed(long[] values) {
    List<Long> list = new ArrayList<>();
    for (long v : values) {
      list.add(v);
    }
    return list;
  }
}
