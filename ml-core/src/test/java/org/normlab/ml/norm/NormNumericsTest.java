package org.normlab.ml.norm;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.normlab.contracts.model.NormSpec;
import org.normlab.ml.nn.Autograd;
import org.normlab.ml.nn.DjlRuntime;
import org.normlab.ml.nn.StateNames;
import org.normlab.ml.nn.Torch;
import org.normlab.ml.nn.WeightInit;
import org.normlab.ml.testing.Golden;
import tools.jackson.databind.JsonNode;

/**
 * Forward, input gradient and affine gradients of every norm against PyTorch (float64 references
 * from make_golden.py; input (8, 8, 4, 4) with per-channel offsets and scales).
 *
 * <p>Tolerance 2e-5 absolute: values are O(1) and our float32 arithmetic differs from the float64
 * reference by float32 rounding only. Observed: outputs within 5e-7, input gradients within 5e-7,
 * weight gradients (sums of 128 products of magnitude ~1) within 4.1e-6.
 */
class NormNumericsTest {

  private static final double TOLERANCE = 2e-5;
  private static final JsonNode GOLDEN = Golden.load("norm/norms.json");
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

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("cases")
  void matchesPyTorchForwardAndGradients(JsonNode expected) {
    Shape shape = new Shape(Golden.longs(GOLDEN.get("shape")));
    try (NDManager scope = manager.newSubManager()) {
      Block norm = build(expected, (int) shape.get(1));
      norm.initialize(scope, DataType.FLOAT32, shape);
      Map<String, Parameter> state = StateNames.of(norm);
      Autograd.withoutGrad(
          () -> {
            WeightInit.copyInto(
                state.get("weight").getArray(), scope.create(Golden.floats(GOLDEN.get("weight"))));
            WeightInit.copyInto(
                state.get("bias").getArray(), scope.create(Golden.floats(GOLDEN.get("bias"))));
          });
      NDArray x = scope.create(Golden.floats(GOLDEN.get("input")), shape);
      x.setRequiresGradient(true);
      NDArray gy = scope.create(Golden.floats(GOLDEN.get("outputGrad")), shape);
      ParameterStore store = new ParameterStore(scope, false);
      NDArray y;
      try (Autograd tape = Autograd.record()) {
        y = norm.forward(store, new NDList(x), true).singletonOrThrow();
        Torch.backward(y.mul(gy).sum());
      }

      assertThat(y.getShape()).isEqualTo(shape);
      assertClose(y, expected.get("output"), "output");
      assertClose(x.getGradient(), expected.get("inputGrad"), "input gradient");
      assertClose(
          state.get("weight").getArray().getGradient(),
          expected.get("weightGrad"),
          "weight gradient");
      assertClose(
          state.get("bias").getArray().getGradient(), expected.get("biasGrad"), "bias gradient");
      if (expected.has("runningMean")) {
        assertClose(
            state.get("running_mean").getArray(), expected.get("runningMean"), "running mean");
        assertClose(state.get("running_var").getArray(), expected.get("runningVar"), "running var");
        NDArray eval = norm.forward(store, new NDList(x.stopGradient()), false).singletonOrThrow();
        assertClose(eval, expected.get("evalOutput"), "inference output");
      }
    }
  }

  private static Block build(JsonNode expected, int channels) {
    String kind = expected.get("kind").asText();
    String text = kind.equals("gn") ? "gn:" + expected.get("groups").asInt() : kind;
    int normBatchSize = expected.has("normBatchSize") ? expected.get("normBatchSize").asInt() : 1;
    return Norms.factory(NormSpec.parse(text), normBatchSize).create(channels);
  }

  private static void assertClose(NDArray actual, JsonNode expected, String what) {
    double diff = Golden.maxAbsDiff(actual.toFloatArray(), Golden.floats(expected));
    assertThat(diff).as(what + " max |diff|").isLessThan(TOLERANCE);
  }
}
