package org.normlab.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.normlab.contracts.run.OptimizerSpec;
import org.normlab.contracts.run.ScheduleSpec;
import org.normlab.ml.nn.Autograd;
import org.normlab.ml.nn.DjlRuntime;
import org.normlab.ml.nn.Torch;
import org.normlab.ml.testing.Golden;
import tools.jackson.databind.JsonNode;

/**
 * Our SGD against {@code torch.optim.SGD} (make_golden.py): four steps with a learning-rate change
 * after two, for momentum, Nesterov, weight decay and plain SGD. Both sides are float32; the
 * tolerance 1e-6 allows for fused vs separate multiply-adds.
 */
class SgdTest {

  static Stream<JsonNode> cases() {
    return StreamSupport.stream(Golden.load("sgd.json").get("cases").spliterator(), false);
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("cases")
  void matchesTorchOptimSgd(JsonNode expected) {
    DjlRuntime.engine();
    OptimizerSpec spec =
        new OptimizerSpec(
            0.1,
            expected.get("momentum").asDouble(),
            expected.get("weightDecay").asDouble(),
            expected.get("nesterov").asBoolean(),
            ScheduleSpec.constant());
    try (NDManager manager = NDManager.newBaseManager()) {
      Parameter parameter =
          Parameter.builder()
              .setName("w")
              .setType(Parameter.Type.WEIGHT)
              .optShape(new Shape(6))
              .build();
      parameter.setInitializer((m, shape, type) -> m.create(Golden.floats(expected.get("w0"))));
      parameter.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32);
      NDArray w = parameter.getArray();
      Sgd sgd = new Sgd(spec, Map.of("layer.w", parameter), manager);
      for (int step = 0; step < 4; step++) {
        try (NDManager scope = manager.newSubManager()) {
          // loss = sum(w * g) has gradient g.
          NDArray g = scope.create(Golden.floats(expected.get("grads").get(step)));
          try (Autograd tape = Autograd.record()) {
            Torch.backward(g.mul(w).sum());
          }
          sgd.step(expected.get("lrs").get(step).asDouble(), scope);
        }
        assertThat(
                Golden.maxAbsDiff(w.toFloatArray(), Golden.floats(expected.get("after").get(step))))
            .as("after step %d", step + 1)
            .isLessThan(1e-6);
      }
      assertThat(sgd.buffers().keySet())
          .isEqualTo(
              expected.get("momentum").asDouble() == 0
                  ? java.util.Set.of()
                  : java.util.Set.of("layer.w"));
    }
  }

  /**
   * Two parameters with equal values and gradients, one in a group at 2 x lr without weight decay
   * (the detection recipe's biases): each follows torch's update with its own group's settings,
   * computed here by hand over two steps (momentum 0.9, weight decay 0.1, lr 0.1 then 0.05).
   */
  @org.junit.jupiter.api.Test
  void eachParameterGroupHasItsOwnRateFactorAndWeightDecay() {
    DjlRuntime.engine();
    OptimizerSpec spec = new OptimizerSpec(0.1, 0.9, 0.1, false, ScheduleSpec.constant());
    float[] w0 = {1f, -2f, 0.5f};
    float[][] grads = {{0.3f, 0.1f, -0.2f}, {-0.1f, 0.4f, 0.25f}};
    double[] lrs = {0.1, 0.05};
    try (NDManager manager = NDManager.newBaseManager()) {
      Map<String, Parameter> params = new java.util.LinkedHashMap<>();
      for (String key : java.util.List.of("fc.weight", "fc.bias")) {
        Parameter parameter =
            Parameter.builder().setName(key).setType(Parameter.Type.WEIGHT).optShape(new Shape(3)).build();
        parameter.setInitializer((m, shape, type) -> m.create(w0));
        parameter.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32);
        params.put(key, parameter);
      }
      Sgd sgd =
          new Sgd(
              spec,
              params,
              manager,
              key -> key.endsWith("bias")
                  ? new Sgd.ParameterGroup(2, 0)
                  : new Sgd.ParameterGroup(1, 0.1));
      for (int step = 0; step < 2; step++) {
        try (NDManager scope = manager.newSubManager()) {
          NDArray g = scope.create(grads[step]);
          try (Autograd tape = Autograd.record()) {
            NDArray loss = null;
            for (Parameter p : params.values()) {
              NDArray term = g.mul(p.getArray()).sum();
              loss = loss == null ? term : loss.add(term);
            }
            Torch.backward(loss);
          }
          sgd.step(lrs[step], scope);
        }
      }
      float[] weight = params.get("fc.weight").getArray().toFloatArray();
      float[] bias = params.get("fc.bias").getArray().toFloatArray();
      for (int i = 0; i < 3; i++) {
        double w = w0[i];
        double v = grads[0][i] + 0.1 * w;
        w -= 0.1 * v;
        v = 0.9 * v + grads[1][i] + 0.1 * w;
        w -= 0.05 * v;
        assertThat((double) weight[i]).as("weight %d", i).isCloseTo(w, org.assertj.core.data.Offset.offset(1e-6));
        double b = w0[i];
        double u = grads[0][i];
        b -= 2 * 0.1 * u;
        u = 0.9 * u + grads[1][i];
        b -= 2 * 0.05 * u;
        assertThat((double) bias[i]).as("bias %d", i).isCloseTo(b, org.assertj.core.data.Offset.offset(1e-6));
      }
    }
  }

  @org.junit.jupiter.api.Test
  void nesterovNeedsMomentum() {
    OptimizerSpec spec = new OptimizerSpec(0.1, 0, 0, true, ScheduleSpec.constant());
    assertThatThrownBy(() -> new Sgd(spec, Map.of(), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Nesterov");
  }
}
