package org.normlab.ml.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.normlab.ml.testing.Golden;
import tools.jackson.databind.JsonNode;

/**
 * CenConv against PyTorch: {@code F.conv2d(x, W - W.mean((1, 2, 3)))} with autograd through the
 * mean (make_golden_mabn.py, float64 reference). Tolerance 2e-5 relative to the largest reference
 * magnitude; float32 against float64.
 */
class FoldableConv2dTest {

  private static final JsonNode GOLDEN = Golden.load("mabn/cenconv.json");
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

  static Stream<JsonNode> cases() {
    return StreamSupport.stream(GOLDEN.get("cases").spliterator(), false);
  }

  @ParameterizedTest(name = "{index}: kernel {0}")
  @MethodSource("cases")
  void centredConvolutionMatchesPyTorchForwardAndBackward(JsonNode expected) {
    Shape inputShape = new Shape(Golden.longs(expected.get("inputShape")));
    Shape weightShape = new Shape(Golden.longs(expected.get("weightShape")));
    Shape outputShape = new Shape(Golden.longs(expected.get("outputShape")));
    try (NDManager scope = manager.newSubManager()) {
      FoldableConv2d conv =
          new FoldableConv2d(
              expected.get("kernel").asInt(),
              (int) weightShape.get(0),
              expected.get("stride").asInt(),
              true);
      conv.initialize(scope, DataType.FLOAT32, inputShape);
      NDArray weight = StateNames.of(conv).get("weight").getArray();
      assertThat(weight.getShape()).isEqualTo(weightShape);
      Autograd.withoutGrad(
          () ->
              WeightInit.copyInto(
                  weight, scope.create(Golden.floats(expected.get("weight")), weightShape)));
      NDArray x = scope.create(Golden.floats(expected.get("input")), inputShape);
      x.setRequiresGradient(true);
      NDArray gy = scope.create(Golden.floats(expected.get("outputGrad")), outputShape);
      NDArray y;
      try (Autograd tape = Autograd.record()) {
        y = conv.forward(new ParameterStore(scope, false), new NDList(x), true).singletonOrThrow();
        Torch.backward(y.mul(gy).sum());
      }
      assertThat(y.getShape()).isEqualTo(outputShape);
      assertThat(conv.getOutputShapes(new Shape[] {inputShape})[0]).isEqualTo(outputShape);
      assertClose(y, expected.get("output"), "output");
      assertClose(x.getGradient(), expected.get("inputGrad"), "input gradient");
      NDArray weightGrad = weight.getGradient();
      assertClose(weightGrad, expected.get("weightGrad"), "weight gradient");
      // The gradient through the mean is centred per filter.
      float[] perFilter = weightGrad.sum(new int[] {1, 2, 3}).toFloatArray();
      for (float sum : perFilter) {
        assertThat(Math.abs(sum)).isLessThan(1e-4f);
      }
    }
  }

  @ParameterizedTest(name = "{0} groups")
  @ValueSource(ints = {1, 2})
  void uncentredFoldableConvolutionIsDjlsConv2d(int groups) {
    Shape input = new Shape(2, 4, 7, 7);
    try (NDManager scope = manager.newSubManager()) {
      Block plain = ConvFactory.PLAIN.create(3, 4, 2, groups);
      Block foldable = ConvFactory.FOLDABLE.create(3, 4, 2, groups);
      plain.initialize(scope, DataType.FLOAT32, input);
      foldable.initialize(scope, DataType.FLOAT32, input);
      Map<String, Parameter> plainState = StateNames.of(plain);
      Map<String, Parameter> foldableState = StateNames.of(foldable);
      assertThat(foldableState.keySet()).isEqualTo(plainState.keySet());
      NDArray w = scope.randomNormal(new Shape(4, 4 / groups, 3, 3));
      assertThat(foldableState.get("weight").getArray().getShape()).isEqualTo(w.getShape());
      Autograd.withoutGrad(
          () -> {
            WeightInit.copyInto(plainState.get("weight").getArray(), w);
            WeightInit.copyInto(foldableState.get("weight").getArray(), w);
          });
      NDArray x = scope.randomNormal(input);
      ParameterStore store = new ParameterStore(scope, false);
      float[] expected =
          plain.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
      float[] actual =
          foldable.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
      assertThat(actual).containsExactly(expected);
      assertThat(foldable.getOutputShapes(new Shape[] {input}))
          .containsExactly(plain.getOutputShapes(new Shape[] {input}));
    }
  }

  @Test
  void foldedConvolutionScalesEachFilterAddsTheShiftAndRefusesToTrain() {
    Shape input = new Shape(2, 3, 6, 6);
    try (NDManager scope = manager.newSubManager()) {
      FoldableConv2d conv = new FoldableConv2d(3, 4, 1, true);
      conv.initialize(scope, DataType.FLOAT32, input);
      Autograd.withoutGrad(
          () ->
              WeightInit.copyInto(
                  StateNames.of(conv).get("weight").getArray(),
                  scope.randomNormal(new Shape(4, 3, 3, 3))));
      NDArray x = scope.randomNormal(input);
      NDArray scale = scope.create(new float[] {0.5f, 2f, -1f, 3f});
      NDArray shift = scope.create(new float[] {0.1f, -0.2f, 0.3f, 0f});
      ParameterStore store = new ParameterStore(scope, false);
      NDArray plain = conv.forward(store, new NDList(x), false).singletonOrThrow();
      NDArray expected = plain.mul(scale.reshape(1, 4, 1, 1)).add(shift.reshape(1, 4, 1, 1));

      conv.fold(scale, shift);
      NDArray folded = conv.forward(store, new NDList(x), false).singletonOrThrow();
      assertThat(conv.isFolded()).isTrue();
      assertThat(folded.sub(expected).abs().max().getFloat()).isLessThan(2e-5f);
      assertThatThrownBy(() -> conv.forward(store, new NDList(x), true))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("unfold");
      conv.unfold();
      assertThat(conv.forward(store, new NDList(x), false).singletonOrThrow().toFloatArray())
          .containsExactly(plain.toFloatArray());
    }
  }

  private static void assertClose(NDArray actual, JsonNode expected, String what) {
    float[] reference = Golden.floats(expected);
    double scale = 1;
    for (float v : reference) {
      scale = Math.max(scale, Math.abs(v));
    }
    double diff = Golden.maxAbsDiff(actual.toFloatArray(), reference);
    assertThat(diff / scale).as(what + " max |diff| / " + scale).isLessThan(2e-5);
  }
}
