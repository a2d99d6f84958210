package org.normlab.ml.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.normlab.contracts.model.NormSpec;
import org.normlab.ml.model.Network;
import org.normlab.ml.nn.Autograd;
import org.normlab.ml.nn.FoldableConv2d;
import org.normlab.ml.nn.WeightInit;
import org.normlab.ml.norm.MabnFolding;
import org.normlab.ml.norm.MovingAverageBatchNorm2d;
import org.normlab.ml.norm.NormPolicy;

/** MABN inside the ResNet: CenConv everywhere, custom gradients, and the inference fold. */
class MabnBackboneTest {

  private static final BackboneRegistry REGISTRY = BackboneRegistry.defaults();

  @Test
  void mabnCentresEveryConvolutionAndNormalizesAfterEach() {
    try (Network network = build("resnet18", "mabn", new ImageShape(3, 72, 72))) {
      List<Block> convolutions = new ArrayList<>();
      List<Block> norms = new ArrayList<>();
      collect(network.block(), convolutions, norms);
      // resnet18: stem + 16 block convolutions + 3 projection shortcuts, each with its norm.
      assertThat(convolutions).hasSize(20);
      assertThat(convolutions)
          .allMatch(c -> c instanceof FoldableConv2d f && f.centered(), "CenConv");
      assertThat(norms).hasSize(20).allMatch(n -> n instanceof MovingAverageBatchNorm2d);
      assertThat(network.state())
          .containsKeys(
              "conv1.weight",
              "bn1.iters",
              "bn1.buffer_x2",
              "layer2.0.downsample.0.weight",
              "layer2.0.downsample.1.buffer_gz",
              "layer4.1.bn2.running_var");
      assertThat(network.state().get("bn1.buffer_x2").getArray().getShape())
          .isEqualTo(new Shape(16, 16));
      assertThat(network.trainable()).doesNotContainKeys("bn1.iters", "bn1.buffer_x2");
    }
    try (Network plain = build("resnet10", "mabn-plain", new ImageShape(1, 28, 28));
        Network bn = build("resnet10", "bn", new ImageShape(1, 28, 28))) {
      List<Block> convolutions = new ArrayList<>();
      collect(plain.block(), convolutions, new ArrayList<>());
      assertThat(convolutions).allMatch(c -> c instanceof FoldableConv2d f && !f.centered());
      List<Block> bnConvolutions = new ArrayList<>();
      collect(bn.block(), bnConvolutions, new ArrayList<>());
      assertThat(bnConvolutions).isNotEmpty().allMatch(c -> c instanceof Conv2d);
      assertThat(plain.state().keySet()).containsAll(bn.trainable().keySet());
    }
  }

  @Test
  void everyParameterGetsAGradientThroughNetworkBackward() {
    for (String norm : List.of("mabn", "mabn-plain", "brn")) {
      try (Network network = build("resnet10", norm, new ImageShape(1, 28, 28));
          NDManager scope = network.manager().newSubManager()) {
        NDArray images = scope.randomNormal(new Shape(32, 1, 28, 28));
        NDArray logits;
        try (Autograd tape = Autograd.record()) {
          logits = network.forward(images, true);
          network.backward(logits.square().mean());
        }
        assertThat(logits.isNaN().any().getBoolean()).as(norm).isFalse();
        for (Map.Entry<String, Parameter> entry : network.trainable().entrySet()) {
          NDArray gradient = entry.getValue().getArray().getGradient();
          gradient.attach(scope);
          assertThat(gradient.abs().sum().getFloat()).as(norm + " " + entry.getKey()).isPositive();
        }
      }
    }
  }

  /**
   * Folding every MABN into its convolution changes no inference output beyond float32 rounding
   * (observed ~1e-6 relative); unfolding restores the exact unfolded outputs.
   */
  @Test
  void foldedInferenceGivesTheSameOutputs() {
    for (String norm : List.of("mabn", "mabn-plain")) {
      try (Network network = build("resnet10", norm, new ImageShape(1, 28, 28));
          NDManager scope = network.manager().newSubManager()) {
        randomizeNormState(network, scope);
        NDArray images = scope.randomNormal(new Shape(8, 1, 28, 28));
        float[] unfolded = network.forward(images, false).toFloatArray();

        int folded = MabnFolding.fold(network.block());
        assertThat(folded).as("stem, 2 per block, 3 projections").isEqualTo(12);
        float[] foldedOutput = network.forward(images, false).toFloatArray();
        double scale = 0;
        double diff = 0;
        for (int i = 0; i < unfolded.length; i++) {
          scale = Math.max(scale, Math.abs(unfolded[i]));
          diff = Math.max(diff, Math.abs(unfolded[i] - foldedOutput[i]));
        }
        assertThat(diff / scale).as(norm + " folded vs unfolded").isLessThan(1e-5);
        assertThatThrownBy(() -> network.forward(images, true))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("unfold");

        MabnFolding.unfold(network.block());
        assertThat(network.forward(images, false).toFloatArray()).containsExactly(unfolded);
      }
    }
  }

  /** Norm weights, biases and running variances away from their initial 1 / 0 / 1. */
  private static void randomizeNormState(Network network, NDManager scope) {
    Random random = new Random(3);
    Autograd.withoutGrad(
        () ->
            network
                .state()
                .forEach(
                    (key, parameter) -> {
                      NDArray array = parameter.getArray();
                      if (array.getShape().dimension() != 1 || key.startsWith("fc.")) {
                        return;
                      }
                      if (key.endsWith(".iters")) {
                        return;
                      }
                      float[] values = new float[(int) array.size()];
                      for (int i = 0; i < values.length; i++) {
                        values[i] =
                            key.endsWith("running_var")
                                ? (float) (0.2 + 3 * random.nextDouble())
                                : key.endsWith(".bias")
                                    ? (float) (0.3 * random.nextGaussian())
                                    : (float) (1 + 0.3 * random.nextGaussian());
                      }
                      WeightInit.copyInto(array, scope.create(values));
                    }));
  }

  private static void collect(Block block, List<Block> convolutions, List<Block> norms) {
    for (var child : block.getChildren()) {
      Block b = child.getValue();
      String name = child.getKey();
      if (b instanceof FoldableConv2d || b instanceof Conv2d) {
        convolutions.add(b);
      } else if (name.matches("\\d\\d(bn\\d|1)") && b.getChildren().isEmpty()) {
        norms.add(b);
      } else {
        collect(b, convolutions, norms);
      }
    }
  }

  private static Network build(String name, String norm, ImageShape input) {
    BackboneConfig config =
        new BackboneConfig(NormPolicy.uniform(NormSpec.parse(norm), 2, 32), 16, 10, input);
    return Network.create(REGISTRY, name, config, 1);
  }
}
