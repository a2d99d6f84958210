package org.normlab.ml.norm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.normlab.ml.nn.Autograd;
import org.normlab.ml.nn.Backprop;
import org.normlab.ml.nn.DjlRuntime;
import org.normlab.ml.nn.StateNames;
import org.normlab.ml.nn.WeightInit;
import org.normlab.ml.testing.Golden;
import tools.jackson.databind.JsonNode;

/**
 * MABN forward, custom backward and state against an independent float64 reference of the published
 * maths (make_golden_mabn.py: chronological micro-batch history, closed-form backward), over 16
 * iterations that cross the t <= S rule, the warm-up and the start of the r clamp, with r clamped
 * at both bounds. Four layouts: one group per batch (MABN.py's layer exactly), and four groups of 2
 * with windows 4 (= batch / normBatchSize), 6 (spanning iterations, warm-up ending mid-batch) and 2
 * (shorter than the batch).
 *
 * <p>Tolerances, relative to the largest reference magnitude of each array: 2e-5 for outputs and
 * input gradients, 5e-5 for the summed weight gradient; state 2e-5. Float32 arithmetic against a
 * float64 reference; observed errors are below 2e-6 relative.
 */
class MovingAverageBatchNorm2dTest {

  private static final JsonNode GOLDEN = Golden.load("mabn/mabn.json");
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
  void matchesTheIndependentReferenceInForwardBackwardAndState(JsonNode expected) {
    Shape shape = new Shape(Golden.longs(expected.get("shape")));
    int channels = (int) shape.get(1);
    int window = expected.get("window").asInt();
    MabnSettings settings =
        new MabnSettings(
            window,
            expected.get("warmupIters").asInt(),
            expected.get("renormIters").asInt(),
            5f,
            0.98f,
            1e-5f);
    try (NDManager model = manager.newSubManager()) {
      MovingAverageBatchNorm2d layer =
          new MovingAverageBatchNorm2d(channels, expected.get("normBatchSize").asInt(), settings);
      layer.initialize(model, DataType.FLOAT32, shape);
      Map<String, Parameter> state = StateNames.of(layer);
      set(state.get("bias"), Golden.floats(expected.get("bias")));
      ParameterStore store = new ParameterStore(model, false);
      int t = 0;
      for (JsonNode step : expected.get("steps")) {
        t++;
        set(state.get("weight"), Golden.floats(step.get("weight")));
        try (NDManager scope = model.newSubManager()) {
          NDArray x = scope.create(Golden.floats(step.get("input")), shape);
          x.setRequiresGradient(true);
          NDArray gy = scope.create(Golden.floats(step.get("outputGrad")), shape);
          NDArray y;
          try (Autograd tape = Autograd.record()) {
            y = layer.forward(store, new NDList(x), true).singletonOrThrow();
            Backprop.run(y.mul(gy).sum(), List.of(layer));
          }
          String at = expected.get("name").asText() + ", iteration " + t + ": ";
          assertClose(y, step.get("output"), 2e-5, at + "output");
          assertClose(x.getGradient(), step.get("inputGrad"), 2e-5, at + "input gradient");
          assertClose(gradient(state, "weight"), step.get("weightGrad"), 5e-5, at + "weight grad");
          assertClose(gradient(state, "bias"), step.get("biasGrad"), 5e-5, at + "bias grad");
          zeroGradients(state);
        }
      }
      assertThat(layer.iterations()).isEqualTo(expected.get("iters").asLong());
      assertThat(state.get("iters").getArray().getDataType()).isEqualTo(DataType.INT64);
      assertClose(state.get("running_var").getArray(), expected.get("runningVar"), 2e-5, "rv");
      assertClose(state.get("buffer_x2").getArray(), expected.get("bufferX2"), 2e-5, "buffer_x2");
      assertClose(state.get("buffer_gz").getArray(), expected.get("bufferGz"), 2e-5, "buffer_gz");

      set(state.get("weight"), Golden.floats(expected.get("evalWeight")));
      try (NDManager scope = model.newSubManager()) {
        NDArray x = scope.create(Golden.floats(expected.get("evalInput")), shape);
        NDArray y = layer.forward(store, new NDList(x), false).singletonOrThrow();
        assertClose(y, expected.get("evalOutput"), 2e-5, "inference output");
      }
      assertThat(layer.iterations()).as("inference does not advance iters").isEqualTo(t);
    }
  }

  @Test
  void namesItsStateAsMabnPyAndKeepsBuffersOutOfTraining() {
    try (NDManager model = manager.newSubManager()) {
      MovingAverageBatchNorm2d layer = new MovingAverageBatchNorm2d(3, 2, MabnSettings.paper(16));
      layer.initialize(model, DataType.FLOAT32, new Shape(4, 3, 2, 2));
      Map<String, Parameter> state = StateNames.of(layer);
      assertThat(state.keySet())
          .containsExactly("weight", "bias", "running_var", "iters", "buffer_x2", "buffer_gz");
      assertThat(state.get("buffer_x2").getArray().getShape()).isEqualTo(new Shape(16, 3));
      assertThat(state.get("buffer_gz").getArray().getShape()).isEqualTo(new Shape(16, 3));
      assertThat(state.get("iters").getArray().getShape()).isEqualTo(new Shape(1));
      assertThat(state.get("running_var").getArray().toFloatArray()).containsOnly(1f);
      assertThat(state.values().stream().filter(Parameter::requiresGradient))
          .extracting(Parameter::getName)
          .containsExactly("weight", "bias");
    }
  }

  @Test
  void publishedDefaultsAreThePapers() {
    MabnSettings paper = MabnSettings.paper(16);
    assertThat(paper.window()).isEqualTo(16);
    assertThat(paper.warmupIters()).isEqualTo(100);
    assertThat(paper.renormIters()).isEqualTo(1000);
    assertThat(paper.rMax()).isEqualTo(5f);
    assertThat(paper.momentum()).isEqualTo(0.98f);
    assertThat(paper.eps()).isEqualTo(1e-5f);
    assertThat(paper.renormOff(1000)).isTrue();
    assertThat(paper.renormOff(1001)).isFalse();
  }

  @Test
  void rejectsBatchesThatDoNotSplitIntoGroups() {
    try (NDManager model = manager.newSubManager()) {
      MovingAverageBatchNorm2d layer = new MovingAverageBatchNorm2d(2, 4, MabnSettings.paper(4));
      layer.initialize(model, DataType.FLOAT32, new Shape(8, 2, 3, 3));
      NDArray x = model.randomNormal(new Shape(6, 2, 3, 3));
      assertThatThrownBy(() -> layer.forward(new ParameterStore(model, false), new NDList(x), true))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("groups of 4")
          .hasMessageContaining("(6, 2, 3, 3)");
    }
  }

  private static NDArray gradient(Map<String, Parameter> state, String key) {
    return state.get(key).getArray().getGradient();
  }

  private static void zeroGradients(Map<String, Parameter> state) {
    for (Parameter parameter : state.values()) {
      if (parameter.requiresGradient()) {
        org.normlab.ml.nn.Torch.zeroGrad(parameter.getArray());
      }
    }
  }

  static void set(Parameter parameter, float[] values) {
    NDArray target = parameter.getArray();
    try (NDManager scratch = target.getManager().newSubManager()) {
      Autograd.withoutGrad(
          () -> WeightInit.copyInto(target, scratch.create(values, target.getShape())));
    }
  }

  /** Max |diff| relative to the reference's largest magnitude (at least 1). */
  static void assertClose(NDArray actual, JsonNode expected, double tolerance, String what) {
    float[] reference = Golden.floats(expected);
    double scale = 1;
    for (float v : reference) {
      scale = Math.max(scale, Math.abs(v));
    }
    double diff = Golden.maxAbsDiff(actual.toFloatArray(), reference);
    assertThat(diff / scale).as(what + " max |diff| / " + scale).isLessThan(tolerance);
  }
}
