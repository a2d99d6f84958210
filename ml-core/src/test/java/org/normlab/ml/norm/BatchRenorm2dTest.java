package org.normlab.ml.norm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.normlab.ml.norm.MovingAverageBatchNorm2dTest.assertClose;
import static org.normlab.ml.norm.MovingAverageBatchNorm2dTest.set;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
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
import org.normlab.contracts.model.NormSpec;
import org.normlab.ml.nn.Autograd;
import org.normlab.ml.nn.DjlRuntime;
import org.normlab.ml.nn.StateNames;
import org.normlab.ml.nn.Torch;
import org.normlab.ml.testing.Golden;
import tools.jackson.databind.JsonNode;

/**
 * Batch Renormalization against a PyTorch reference (make_golden_mabn.py: autograd through the
 * group mean and deviation, r and d detached) over 10 steps of a short schedule (frozen for 2
 * steps, d_max 5 at step 6, r_max 3 at step 8) with data scales that make r and d clip; one group
 * and four groups of 2. Tolerance 2e-5 relative (5e-5 for summed weight gradients).
 */
class BatchRenorm2dTest {

  private static final JsonNode GOLDEN = Golden.load("mabn/brn.json");
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
  void matchesPyTorchOverTheSchedule(JsonNode expected) {
    Shape shape = new Shape(Golden.longs(expected.get("shape")));
    JsonNode s = expected.get("schedule");
    BatchRenormSchedule schedule =
        new BatchRenormSchedule(
            s.get("freeze").asLong(),
            s.get("r_end").asLong(),
            s.get("d_end").asLong(),
            (float) s.get("r_limit").asDouble(),
            (float) s.get("d_limit").asDouble());
    try (NDManager model = manager.newSubManager()) {
      BatchRenorm2d layer =
          new BatchRenorm2d(
              (int) shape.get(1),
              expected.get("normBatchSize").asInt(),
              (float) expected.get("momentum").asDouble(),
              1e-5f,
              schedule);
      layer.initialize(model, DataType.FLOAT32, shape);
      Map<String, Parameter> state = StateNames.of(layer);
      set(state.get("weight"), Golden.floats(expected.get("weight")));
      set(state.get("bias"), Golden.floats(expected.get("bias")));
      ParameterStore store = new ParameterStore(model, false);
      int t = 0;
      for (JsonNode step : expected.get("steps")) {
        t++;
        assertThat(schedule.rMax(t)).isCloseTo(step.get("rMax").asDouble(), within());
        assertThat(schedule.dMax(t)).isCloseTo(step.get("dMax").asDouble(), within());
        try (NDManager scope = model.newSubManager()) {
          NDArray x = scope.create(Golden.floats(step.get("input")), shape);
          x.setRequiresGradient(true);
          NDArray gy = scope.create(Golden.floats(step.get("outputGrad")), shape);
          NDArray y;
          try (Autograd tape = Autograd.record()) {
            y = layer.forward(store, new NDList(x), true).singletonOrThrow();
            Torch.backward(y.mul(gy).sum());
          }
          String at = expected.get("name").asText() + ", step " + t + ": ";
          assertClose(y, step.get("output"), 2e-5, at + "output");
          assertClose(x.getGradient(), step.get("inputGrad"), 2e-5, at + "input gradient");
          NDArray w = state.get("weight").getArray();
          NDArray b = state.get("bias").getArray();
          assertClose(w.getGradient(), step.get("weightGrad"), 5e-5, at + "weight gradient");
          assertClose(b.getGradient(), step.get("biasGrad"), 5e-5, at + "bias gradient");
          Torch.zeroGrad(w);
          Torch.zeroGrad(b);
        }
      }
      assertThat(layer.stepsTaken()).isEqualTo(expected.get("steps_tracked").asLong());
      assertClose(state.get("running_mean").getArray(), expected.get("runningMean"), 2e-5, "mean");
      assertClose(state.get("running_var").getArray(), expected.get("runningVar"), 2e-5, "var");
      try (NDManager scope = model.newSubManager()) {
        NDArray x = scope.create(Golden.floats(expected.get("evalInput")), shape);
        NDArray y = layer.forward(store, new NDList(x), false).singletonOrThrow();
        assertClose(y, expected.get("evalOutput"), 2e-5, "inference output");
      }
    }
  }

  @Test
  void defaultScheduleKeepsTheBrnPapersLimitsAtATenthOfItsLength() {
    BatchRenormSchedule schedule = BatchRenormSchedule.DEFAULT;
    assertThat(schedule.rMax(1)).isEqualTo(1.0);
    assertThat(schedule.dMax(500)).isEqualTo(0.0);
    assertThat(schedule.dMax(2500)).isEqualTo(5.0);
    assertThat(schedule.rMax(2500)).isCloseTo(1 + 2 * 2000.0 / 3500, within());
    assertThat(schedule.rMax(4000)).isEqualTo(3.0);
    assertThat(schedule.rMax(100_000)).isEqualTo(3.0);
    assertThat(schedule.dMax(100_000)).isEqualTo(5.0);
  }

  @Test
  void brnHonoursNormBatchSizeAndCheckpointsItsStepCounter() {
    BatchRenorm2d layer = (BatchRenorm2d) Norms.factory(new NormSpec.BatchRenorm(), 4).create(3);
    assertThat(layer.normBatchSize()).isEqualTo(4);
    assertThat(layer.schedule()).isEqualTo(BatchRenormSchedule.DEFAULT);
    try (NDManager model = manager.newSubManager()) {
      layer.initialize(model, DataType.FLOAT32, new Shape(8, 3, 2, 2));
      Map<String, Parameter> state = StateNames.of(layer);
      assertThat(state.keySet())
          .containsExactly("weight", "bias", "running_mean", "running_var", "num_batches_tracked");
      assertThat(state.get("num_batches_tracked").getArray().getDataType())
          .isEqualTo(DataType.INT64);
      assertThat(state.get("num_batches_tracked").requiresGradient()).isFalse();
    }
  }

  private static org.assertj.core.data.Offset<Double> within() {
    return org.assertj.core.data.Offset.offset(1e-9);
  }
}
