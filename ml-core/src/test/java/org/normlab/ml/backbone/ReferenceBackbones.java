package org.normlab.ml.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.normlab.contracts.model.NormSpec;
import org.normlab.ml.model.Network;
import org.normlab.ml.nn.Autograd;
import org.normlab.ml.nn.WeightInit;
import org.normlab.ml.norm.NormPolicy;
import org.normlab.ml.testing.Golden;
import tools.jackson.databind.JsonNode;

/** Shared by the DenseNet and MXNet-family tests: the golden file and ways to build backbones. */
final class ReferenceBackbones {

  /** Written by src/test/python/make_golden_densenet.py. */
  static final JsonNode GOLDEN = Golden.load("backbone/densenet_v2.json");

  static final BackboneRegistry REGISTRY = BackboneRegistry.defaults();

  private ReferenceBackbones() {}

  /** Trainable parameters at full width, 224 px, 1000 classes (the reference setting). */
  static long parameterCount(String name, NDManager manager) {
    try (NDManager scope = manager.newSubManager()) {
      return state(name, 64, 1000, 224, scope).values().stream()
          .filter(Parameter::requiresGradient)
          .mapToLong(p -> p.getArray().size())
          .sum();
    }
  }

  static long expectedParameterCount(String name) {
    return GOLDEN.get("parametersFor1000Classes").get(name).asLong();
  }

  /**
   * The state of the named backbone with BN, initialized to zeros (shapes only, no seeded init).
   */
  static Map<String, Parameter> state(
      String name, int width, int classes, int side, NDManager scope) {
    ImageShape input = new ImageShape(3, side, side);
    BackboneConfig config =
        new BackboneConfig(NormPolicy.uniform(new NormSpec.Batch(), 1), width, classes, input);
    Block block = REGISTRY.create(name, config);
    block.setInitializer(Initializer.ZEROS, Parameter.Type.WEIGHT);
    block.initialize(scope, DataType.FLOAT32, input.batchOf(1));
    return org.normlab.ml.nn.StateNames.of(block);
  }

  /** Reference keys of {@code name} (without num_batches_tracked). */
  static List<String> expectedKeys(String name) {
    List<String> keys = new ArrayList<>();
    GOLDEN.get("states").get(name).get("keys").forEach(k -> keys.add(k.asText()));
    return keys;
  }

  static List<List<Long>> expectedShapes(String name) {
    List<List<Long>> shapes = new ArrayList<>();
    GOLDEN.get("states").get(name).get("shapes").forEach(s -> shapes.add(boxed(Golden.longs(s))));
    return shapes;
  }

  static List<List<Long>> shapes(Map<String, Parameter> state) {
    List<List<Long>> shapes = new ArrayList<>();
    state.values().forEach(p -> shapes.add(boxed(p.getArray().getShape().getShape())));
    return shapes;
  }

  /** A seeded network with {@code norm}, 10 classes. */
  static Network build(String name, String norm, int width, ImageShape input) {
    BackboneConfig config =
        new BackboneConfig(NormPolicy.uniform(NormSpec.parse(norm), 2), width, 10, input);
    return Network.create(REGISTRY, name, config, 1);
  }

  /**
   * Inference logits of {@code name} (width 64, 10 classes, BN) with make_golden_densenet.py's
   * deterministic weights ({@code 0.05 sin(0.37 i + 1.3 k)} for the k-th state key, plus 1 for norm
   * scales and running variances) on its 1x3x72x72 input; and the reference's logits.
   */
  static float[][] logitsAndReference(String name) {
    JsonNode expected = GOLDEN.get("logits").get(name);
    Shape inputShape = new Shape(Golden.longs(expected.get("inputShape")));
    ImageShape input =
        new ImageShape((int) inputShape.get(1), (int) inputShape.get(2), (int) inputShape.get(3));
    try (Network network = build(name, "bn", 64, input);
        NDManager scope = network.manager().newSubManager()) {
      List<Map.Entry<String, Parameter>> entries = List.copyOf(network.state().entrySet());
      Autograd.withoutGrad(
          () -> {
            for (int k = 0; k < entries.size(); k++) {
              NDArray target = entries.get(k).getValue().getArray();
              float[] values = fill(entries.get(k).getKey(), target.getShape(), k);
              WeightInit.copyInto(target, scope.create(values, target.getShape()));
            }
          });
      float[] image = new float[(int) inputShape.size()];
      for (int i = 0; i < image.length; i++) {
        image[i] = (float) Math.sin(0.011 * i);
      }
      float[] logits = network.forward(scope.create(image, inputShape), false).toFloatArray();
      return new float[][] {logits, Golden.floats(expected.get("logits"))};
    }
  }

  private static float[] fill(String key, Shape shape, int k) {
    float[] values = new float[Math.toIntExact(shape.size())];
    boolean nearOne =
        key.endsWith("running_var") || (key.endsWith(".weight") && shape.dimension() == 1);
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (0.05 * Math.sin(0.37 * i + 1.3 * k) + (nearOne ? 1 : 0));
    }
    return values;
  }

  /** The child registered under {@code name} (DJL prefixes it with its position). */
  static Block child(Block parent, String name) {
    return parent.getChildren().stream()
        .filter(p -> p.getKey().substring(2).equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no child " + name))
        .getValue();
  }

  private static List<Long> boxed(long[] values) {
    List<Long> list = new ArrayList<>();
    for (long v : values) {
      list.add(v);
    }
    return list;
  }
}
