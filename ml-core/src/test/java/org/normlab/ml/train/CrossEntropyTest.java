package org.normlab.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.normlab.ml.nn.Autograd;
import org.normlab.ml.nn.DjlRuntime;
import org.normlab.ml.nn.Torch;
import org.normlab.ml.testing.Golden;
import tools.jackson.databind.JsonNode;

/**
 * Loss and logit gradients against {@code torch.nn.CrossEntropyLoss(label_smoothing=eps)}
 * (make_golden_train.py, float64 there, float32 here: 1e-5 on a loss of a few units, 1e-6 on
 * gradients of order 0.1).
 */
class CrossEntropyTest {

  static Stream<JsonNode> smoothings() {
    JsonNode golden = Golden.load("train/recipes.json").get("crossEntropy");
    return StreamSupport.stream(golden.get("cases").spliterator(), false);
  }

  @ParameterizedTest(name = "label smoothing {0}")
  @MethodSource("smoothings")
  void matchesTorchCrossEntropyWithLabelSmoothing(JsonNode expected) {
    DjlRuntime.engine();
    JsonNode golden = Golden.load("train/recipes.json").get("crossEntropy");
    Shape shape = new Shape(golden.get("shape").get(0).asLong(), golden.get("shape").get(1).asLong());
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray logits = manager.create(Golden.floats(golden.get("logits")), shape);
      NDArray labels = manager.create(Golden.longs(golden.get("labels")));
      logits.setRequiresGradient(true);
      NDArray loss;
      try (Autograd tape = Autograd.record()) {
        loss = CrossEntropy.mean(logits, labels, expected.get("labelSmoothing").asDouble());
        Torch.backward(loss);
      }
      assertThat((double) loss.getFloat()).isCloseTo(expected.get("loss").asDouble(), within(1e-5));
      assertThat(
              Golden.maxAbsDiff(
                  logits.getGradient().toFloatArray(), Golden.floats(expected.get("logitsGrad"))))
          .isLessThan(1e-6);
    }
  }
}
