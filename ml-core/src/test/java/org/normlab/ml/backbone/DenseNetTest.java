package org.normlab.ml.backbone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.normlab.ml.backbone.ReferenceBackbones.build;
import static org.normlab.ml.backbone.ReferenceBackbones.child;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.normlab.contracts.model.NormSpec;
import org.normlab.ml.model.Network;
import org.normlab.ml.nn.Autograd;
import org.normlab.ml.nn.DjlRuntime;
import org.normlab.ml.nn.StateNames;
import org.normlab.ml.nn.Torch;
import org.normlab.ml.nn.WeightInit;
import org.normlab.ml.norm.BlockPosition;
import org.normlab.ml.norm.GroupNorm2d;
import org.normlab.ml.norm.InstanceBatchNorm;
import org.normlab.ml.norm.NormPolicy;
import org.normlab.ml.testing.Golden;
import tools.jackson.databind.JsonNode;

/**
 * DenseNet-BC and DenseNet-IBN-a against make_golden_densenet.py: torchvision's state keys, the
 * reference parameter counts, one IBN-a dense layer's numerics, the small stem and norm swapping.
 * Forward, no-NaN and gradient checks of every registered name run in {@link BackboneForwardTest}
 * (every registered name, 2x3x32x32 with the small stem, stem width 16: a reduced size).
 */
class DenseNetTest {

  private static NDManager manager;

  @BeforeAll
  static void start() {
    DjlRuntime.engine();
    manager = NDManager.newBaseManager();
  }

  @AfterAll
  static void stop() {
    manager.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"densenet121", "densenet121_ibn_a"})
  void stateKeysAndShapesAreTheReferences(String name) {
    try (NDManager scope = manager.newSubManager()) {
      Map<String, Parameter> state = ReferenceBackbones.state(name, 64, 1000, 224, scope);
      assertThat(state.keySet()).containsExactlyElementsOf(ReferenceBackbones.expectedKeys(name));
      assertThat(ReferenceBackbones.shapes(state))
          .isEqualTo(ReferenceBackbones.expectedShapes(name));
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "densenet121",
        "densenet121_ibn_a",
        "densenet161",
        "densenet161_ibn_a",
        "densenet169",
        "densenet169_ibn_a",
        "densenet201",
        "densenet201_ibn_a"
      })
  void parameterCountIsTheReferences(String name) {
    assertThat(ReferenceBackbones.parameterCount(name, manager))
        .isEqualTo(ReferenceBackbones.expectedParameterCount(name));
  }

  /**
   * Tolerance 2e-5 absolute on O(1) values: float32 here vs float64 there. Observed: outputs within
   * 5e-7, input gradient 4e-7, running statistics 1.2e-7.
   */
  @Test
  void ibnDenseLayerMatchesTheReferenceForwardBackwardAndRunningStatistics() {
    JsonNode expected = ReferenceBackbones.GOLDEN.get("denseLayerIbnA");
    Shape shape = new Shape(Golden.longs(expected.get("shape")));
    int channels = expected.get("inChannels").asInt();
    int growth = expected.get("growth").asInt();
    NormPolicy norms =
        IbnSplit.denseNetIbnA(NormPolicy.uniform(new NormSpec.Batch(), (int) shape.get(0)));
    try (NDManager scope = manager.newSubManager()) {
      Block layer = new DenseLayer(channels, growth, new BlockPosition(1, 0, 6), norms);
      layer.initialize(scope, DataType.FLOAT32, shape);
      Map<String, Parameter> state = StateNames.of(layer);
      assertThat(state.keySet()).containsExactlyElementsOf(fieldNames(expected.get("weights")));
      Autograd.withoutGrad(
          () ->
              state.forEach(
                  (key, parameter) ->
                      WeightInit.copyInto(
                          parameter.getArray(),
                          scope.create(
                              Golden.floats(expected.get("weights").get(key).get("values")),
                              parameter.getArray().getShape()))));
      assertThat(state.get("norm1.BN.weight").getArray().getShape().get(0))
          .isEqualTo(expected.get("batchChannels").asLong());

      NDArray x = scope.create(Golden.floats(expected.get("input")), shape);
      x.setRequiresGradient(true);
      NDArray gy = scope.create(Golden.floats(expected.get("outputGrad")));
      ParameterStore store = new ParameterStore(scope, false);
      NDArray y;
      try (Autograd tape = Autograd.record()) {
        y = layer.forward(store, new NDList(x), true).singletonOrThrow();
        Torch.backward(y.mul(gy.reshape(y.getShape())).sum());
      }
      assertThat(y.getShape())
          .isEqualTo(new Shape(shape.get(0), growth, shape.get(2), shape.get(3)));
      assertClose(y, expected.get("output"), "training output");
      assertClose(x.getGradient(), expected.get("inputGrad"), "input gradient");
      expected
          .get("runningAfterStep")
          .properties()
          .forEach(e -> assertClose(state.get(e.getKey()).getArray(), e.getValue(), e.getKey()));
      NDArray eval = layer.forward(store, new NDList(x.stopGradient()), false).singletonOrThrow();
      assertClose(eval, expected.get("evalOutput"), "inference output");
    }
  }

  /**
   * The whole network with the reference's weights gives the reference's logits (concatenation
   * order, pools, transitions, head). Tolerance 1e-5 on logits of order 1, float32 vs float64;
   * observed 2.4e-7.
   */
  @Test
  void densenet121IbnAInferenceMatchesTheReferenceWithTheSameWeights() {
    float[][] logits = ReferenceBackbones.logitsAndReference("densenet121_ibn_a");
    assertThat(Golden.maxAbsDiff(logits[0], logits[1])).isLessThan(1e-5);
  }

  @Test
  void ibnAReplacesNorm1OfEveryThirdLayerInTheFirstThreeBlocks() {
    try (Network network = build("densenet121_ibn_a", "bn", 64, new ImageShape(3, 32, 32))) {
      Block features = child(network.block(), "features");
      for (int b = 1; b <= 4; b++) {
        Block block = child(features, "denseblock" + b);
        int index = 0;
        for (var layer : block.getChildren().values()) {
          Block norm1 = child(layer, "norm1");
          boolean ibn = b <= 3 && index % 3 == 0;
          assertThat(norm1 instanceof InstanceBatchNorm)
              .as("denseblock%d.denselayer%d", b, index + 1)
              .isEqualTo(ibn);
          if (norm1 instanceof InstanceBatchNorm split) {
            assertThat(split.order()).isEqualTo(InstanceBatchNorm.Order.BATCH_FIRST);
            assertThat(split.instanceChannels())
                .isEqualTo(split.channels() - (int) (split.channels() * 0.6));
          }
          index++;
        }
      }
    }
  }

  @Test
  void ibnTakesItsBatchPartFromTheRunsNorm() {
    try (Network network = build("densenet121_ibn_a", "ln", 32, new ImageShape(3, 32, 32))) {
      Block norm1 =
          child(
              child(child(child(network.block(), "features"), "denseblock2"), "denselayer4"),
              "norm1");
      assertThat(child(norm1, "BN")).isInstanceOf(GroupNorm2d.class);
    }
  }

  @ParameterizedTest(name = "densenet121 with {0}")
  @ValueSource(strings = {"gn:16", "in", "ln", "none", "brn", "mabn:4"})
  void everyNormWorksInsideDenseNet(String norm) {
    // Width 32 (growth 16): every channel count is a multiple of 16, as gn:16 needs.
    try (Network network = build("densenet121", norm, 32, new ImageShape(3, 32, 32));
        NDManager scope = network.manager().newSubManager()) {
      NDArray images = scope.randomNormal(new Shape(2, 3, 32, 32));
      NDArray logits;
      try (Autograd tape = Autograd.record()) {
        logits = network.forward(images, true);
        network.backward(logits.square().mean());
      }
      assertThat(logits.getShape()).isEqualTo(new Shape(2, 10));
      assertThat(logits.isNaN().any().getBoolean()).isFalse();
    }
  }

  @Test
  void smallInputsGetTheSmallStemUnderTheSameNames() {
    try (Network small = build("densenet121", "bn", 32, new ImageShape(1, 28, 28));
        Network large = build("densenet121", "bn", 32, new ImageShape(3, 96, 96))) {
      assertThat(((DenseNet) small.block()).hasSmallStem()).isTrue();
      assertThat(small.state().get("features.conv0.weight").getArray().getShape())
          .isEqualTo(new Shape(32, 1, 3, 3));
      assertThat(((DenseNet) large.block()).hasSmallStem()).isFalse();
      assertThat(large.state().get("features.conv0.weight").getArray().getShape())
          .isEqualTo(new Shape(32, 3, 7, 7));
      assertThat(small.state().keySet()).isEqualTo(large.state().keySet());
      try (NDManager scope = large.manager().newSubManager()) {
        NDArray logits = large.forward(scope.randomNormal(new Shape(1, 3, 96, 96)), false);
        assertThat(logits.getShape()).isEqualTo(new Shape(1, 10));
      }
    }
  }

  @Test
  void baseWidthScalesInitialFeaturesAndGrowth() {
    try (NDManager scope = manager.newSubManager()) {
      Map<String, Parameter> state = ReferenceBackbones.state("densenet161", 32, 10, 32, scope);
      // 161: 96 initial features and growth 48 at width 64 -> 48 and 24 at width 32.
      assertThat(state.get("features.conv0.weight").getArray().getShape().get(0)).isEqualTo(48);
      assertThat(state.get("features.denseblock1.denselayer1.conv2.weight").getArray().getShape())
          .isEqualTo(new Shape(24, 96, 3, 3));
    }
  }

  private static void assertClose(NDArray actual, JsonNode expected, String what) {
    double diff = Golden.maxAbsDiff(actual.toFloatArray(), Golden.floats(expected));
    assertThat(diff).as(what + " max |diff|").isLessThan(2e-5);
  }

  private static List<String> fieldNames(JsonNode object) {
    return object.propertyNames().stream().toList();
  }
}
