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

  @org.junit.jupiter.api.Test
  void nesterovNeedsMomentum() {
    OptimizerSpec spec = new OptimizerSpec(0.1, 0, 0, true, ScheduleSpec.constant());
    assertThatThrownBy(() -> new Sgd(spec, Map.of(), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Nesterov");
  }
}
