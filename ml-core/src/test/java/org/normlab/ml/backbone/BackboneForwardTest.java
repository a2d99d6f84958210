package org.normlab.ml.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.normlab.contracts.model.NormSpec;
import org.normlab.ml.model.Network;
import org.normlab.ml.nn.Autograd;
import org.normlab.ml.nn.FoldableConv2d;
import org.normlab.ml.norm.InstanceBatchNorm;
import org.normlab.ml.norm.MovingAverageBatchNorm2d;
import org.normlab.ml.norm.NormPolicy;

/**
 * Every registered backbone on a small input (2x3x32x32, so the small stem): output shape, no
 * NaN/inf in training or inference, and a non-zero gradient for every parameter. Stem width 16
 * (stages 16/32/64/128 planes) keeps all 28 affordable on two cores; BackboneZooTest covers the
 * full-width structure.
 */
class BackboneForwardTest {

  private static final BackboneRegistry REGISTRY = BackboneRegistry.defaults();
  private static final int WIDTH = 16;

  static List<String> names() {
    return List.copyOf(REGISTRY.names());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("names")
  void trainsOnSmallInputs(String name) {
    check(name, "bn", WIDTH, new ImageShape(3, 32, 32));
  }

  @ParameterizedTest(name = "{0} on 1x28x28")
  @ValueSource(
      strings = {"resnet10", "resnet18_ibn_b", "resnet50_ibn_a", "resnext50_32x4d", "se_resnet50"})
  void trainsOnSingleChannelImages(String name) {
    check(name, "bn", WIDTH, new ImageShape(1, 28, 28));
  }

  @ParameterizedTest(name = "resnet10 with {0}")
  @ValueSource(strings = {"bn", "gn:16", "in", "ln", "none"})
  void everyNormWorksInsideTheBackbone(String norm) {
    check("resnet10", norm, 32, new ImageShape(3, 32, 32));
  }

  /** The spec's norm is IBN's batch half and every other norm; placement is the backbone's. */
  @ParameterizedTest(name = "{0} with {1}")
  @CsvSource({
    "resnet18_ibn_a, gn:4",
    "resnet50_ibn_b, ln",
    "resnext50_32x4d_ibn_a, brn",
    "se_resnet50_ibn_a, mabn-plain:4",
    "resnet18_ibn_b, none"
  })
  void ibnVariantsWorkWithAnyNormSpec(String name, String norm) {
    check(name, norm, WIDTH, new ImageShape(3, 32, 32));
  }

  @Test
  void mabnBecomesTheBatchHalfOfIbnAWithCenteredConvolutions() {
    try (Network network = build("resnet50_ibn_a", "mabn:4", WIDTH, new ImageShape(3, 32, 32))) {
      Block layer1 = child(network.block(), "layer1");
      Block bn1 = child(child(layer1, "0"), "bn1");
      assertThat(bn1).isInstanceOf(InstanceBatchNorm.class);
      assertThat(child(bn1, "BN")).isInstanceOf(MovingAverageBatchNorm2d.class);
      assertThat(child(child(layer1, "0"), "conv2"))
          .isInstanceOfSatisfying(FoldableConv2d.class, c -> assertThat(c.centered()).isTrue());
      assertThat(network.state()).containsKeys("layer1.0.bn1.BN.buffer_x2", "layer1.0.bn1.IN.bias");
    }
  }

  /** Full width: 32 groups divide every IBN half of resnet50_ibn_a (32/64/128 channels). */
  @Test
  void resnet50IbnAWithGroupNorm32AtFullWidth() {
    check("resnet50_ibn_a", "gn:32", 64, new ImageShape(3, 32, 32));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"resnet10", "resnet18", "resnet50_ibn_b", "resnext50_32x4d_ibn_a"})
  void smallInputsGetTheSmallStem(String name) {
    try (Network small = build(name, "bn", WIDTH, new ImageShape(1, 28, 28));
        Network large = build(name, "bn", WIDTH, new ImageShape(3, 96, 96))) {
      assertThat(((ResNet) small.block()).hasSmallStem()).isTrue();
      assertThat(small.state().get("conv1.weight").getArray().getShape())
          .isEqualTo(new Shape(WIDTH, 1, 3, 3));
      assertThat(((ResNet) large.block()).hasSmallStem()).isFalse();
      assertThat(large.state().get("conv1.weight").getArray().getShape())
          .isEqualTo(new Shape(WIDTH, 3, 7, 7));
      assertThat(small.state().keySet()).isEqualTo(large.state().keySet());
    }
  }

  private static void check(String name, String norm, int width, ImageShape input) {
    try (Network network = build(name, norm, width, input);
        NDManager scope = network.manager().newSubManager()) {
      NDArray images = scope.randomNormal(input.batchOf(2));
      NDArray logits;
      try (Autograd tape = Autograd.record()) {
        logits = network.forward(images, true);
        network.backward(logits.square().mean());
      }
      assertThat(logits.getShape()).isEqualTo(new Shape(2, 10));
      assertThat(logits.isNaN().any().getBoolean()).isFalse();
      assertThat(logits.isInfinite().any().getBoolean()).isFalse();
      List<String> withoutGradient = new ArrayList<>();
      for (Map.Entry<String, Parameter> entry : network.trainable().entrySet()) {
        NDArray gradient = entry.getValue().getArray().getGradient();
        gradient.attach(scope);
        if (!gradient.abs().sum().gt(0).getBoolean()) {
          withoutGradient.add(entry.getKey());
        }
      }
      assertThat(withoutGradient).as("parameters without gradient").isEmpty();
      NDArray inference = network.forward(images, false);
      assertThat(inference.isNaN().any().getBoolean()).isFalse();
    }
  }

  private static Block child(Block parent, String name) {
    return parent.getChildren().stream()
        .filter(c -> c.getKey().substring(2).equals(name))
        .findFirst()
        .orElseThrow()
        .getValue();
  }

  private static Network build(String name, String norm, int width, ImageShape input) {
    BackboneConfig config =
        new BackboneConfig(NormPolicy.uniform(NormSpec.parse(norm), 2, 2), width, 10, input);
    return Network.create(REGISTRY, name, config, 1);
  }
}
