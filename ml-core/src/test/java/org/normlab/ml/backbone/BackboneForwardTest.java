package org.normlab.ml.backbone;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.normlab.contracts.model.NormSpec;
import org.normlab.ml.model.Network;
import org.normlab.ml.nn.Autograd;
import org.normlab.ml.nn.Torch;
import org.normlab.ml.norm.NormPolicy;

/**
 * Every registered backbone on small inputs: shape, finiteness, a gradient for every parameter.
 * Width 32 keeps the suite fast; TorchvisionParityTest covers the full-width structure.
 */
class BackboneForwardTest {

  private static final BackboneRegistry REGISTRY = BackboneRegistry.defaults();

  static Stream<Arguments> backbonesAndInputs() {
    List<ImageShape> inputs = List.of(new ImageShape(1, 28, 28), new ImageShape(3, 32, 32));
    return REGISTRY.names().stream()
        .flatMap(name -> inputs.stream().map(input -> Arguments.of(name, input)));
  }

  @ParameterizedTest(name = "{0} on {1}")
  @MethodSource("backbonesAndInputs")
  void trainsOnSmallInputs(String name, ImageShape input) {
    check(name, "bn", 32, input);
  }

  @ParameterizedTest(name = "resnet10 with {0}")
  @ValueSource(strings = {"bn", "gn:32", "in", "ln", "none"})
  void everyNormWorksInsideTheBackbone(String norm) {
    check("resnet10", norm, 32, new ImageShape(3, 32, 32));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"resnet10", "resnet18"})
  void smallInputsGetTheSmallStem(String name) {
    try (Network small = build(name, "bn", 16, new ImageShape(1, 28, 28));
        Network large = build(name, "bn", 16, new ImageShape(3, 96, 96))) {
      assertThat(((ResNet) small.block()).hasSmallStem()).isTrue();
      assertThat(small.state().get("conv1.weight").getArray().getShape())
          .isEqualTo(new Shape(16, 1, 3, 3));
      assertThat(((ResNet) large.block()).hasSmallStem()).isFalse();
      assertThat(large.state().get("conv1.weight").getArray().getShape())
          .isEqualTo(new Shape(16, 3, 7, 7));
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
        Torch.backward(logits.square().mean());
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

  private static Network build(String name, String norm, int width, ImageShape input) {
    BackboneConfig config =
        new BackboneConfig(NormPolicy.uniform(NormSpec.parse(norm), 2), width, 10, input);
    return Network.create(REGISTRY, name, config, 1);
  }
}
