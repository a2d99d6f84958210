package org.normlab.ml.detection.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.normlab.ml.nn.DjlRuntime;
import org.normlab.ml.testing.Golden;
import tools.jackson.databind.JsonNode;

/**
 * Kept indices, in order, against torchvision.ops.nms (random boxes with distinct scores, with a
 * few tied score levels, with all scores equal; identical boxes in each) and batched_nms.
 */
class NmsTest {

  private static final JsonNode GOLDEN = Golden.load("detection/ops.json").get("nms");

  @BeforeAll
  static void engine() {
    DjlRuntime.engine();
  }

  private static NDArray boxes(NDManager manager, JsonNode values) {
    float[] flat = Golden.floats(values);
    return manager.create(flat, new Shape(flat.length / 4, 4));
  }

  @Test
  void keepsWhatTorchvisionKeepsInItsOrderIncludingTiesAndDuplicates() {
    for (JsonNode c : GOLDEN.get("single")) {
      try (NDManager manager = NDManager.newBaseManager()) {
        NDArray keep =
            Nms.nms(
                boxes(manager, c.get("boxes")),
                manager.create(Golden.floats(c.get("scores"))),
                c.get("threshold").asDouble());
        assertThat(keep.toLongArray())
            .as("threshold %s", c.get("threshold"))
            .containsExactly(Golden.longs(c.get("keep")));
      }
    }
  }

  @Test
  void batchedNmsSuppressesOnlyWithinAClass() {
    JsonNode c = GOLDEN.get("batched");
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray keep =
          Nms.batchedNms(
              boxes(manager, c.get("boxes")),
              manager.create(Golden.floats(c.get("scores"))),
              manager.create(Golden.longs(c.get("classes"))),
              c.get("threshold").asDouble());
      assertThat(keep.toLongArray()).containsExactly(Golden.longs(c.get("keep")));
    }
  }

  @Test
  void equalScoresAreVisitedInInputOrderAndIdenticalBoxesSuppressEachOther() {
    float[] boxes = {0, 0, 10, 10, 20, 20, 30, 30, 0, 0, 10, 10, 1, 1, 11, 11, 20, 20, 30, 30};
    float[] scores = {0.5f, 0.5f, 0.5f, 0.5f, 0.5f};
    assertThat(Nms.nms(boxes, scores, 0.5)).containsExactly(0, 1);
    // IoU of box 3 with box 0 is 81 / 119 = 0.68: with threshold 0.5 it goes, with 0.7 it stays
    assertThat(Nms.nms(boxes, scores, 0.7)).containsExactly(0, 1, 3);
  }

  @Test
  void anIouExactlyAtTheThresholdIsNotSuppressed() {
    // the second box is the first's lower half: intersection 50, union 100, IoU exactly 0.5
    float[] boxes = {0, 0, 10, 10, 0, 0, 10, 5};
    assertThat(Nms.nms(boxes, new float[] {0.9f, 0.8f}, 0.5)).containsExactly(0, 1);
    assertThat(Nms.nms(boxes, new float[] {0.9f, 0.8f}, 0.49)).containsExactly(0);
  }

  @Test
  void nothingInNothingOut() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray keep = Nms.nms(manager.zeros(new Shape(0, 4)), manager.zeros(new Shape(0)), 0.5);
      assertThat(keep.toLongArray()).isEmpty();
    }
  }
}
