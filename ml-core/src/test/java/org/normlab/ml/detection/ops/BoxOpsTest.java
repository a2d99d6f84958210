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
 * Box utilities against torchvision.ops (box_iou, box_area, clip_boxes_to_image,
 * remove_small_boxes).
 */
class BoxOpsTest {

  private static final JsonNode CASE = Golden.load("detection/ops.json").get("boxes");

  @BeforeAll
  static void engine() {
    DjlRuntime.engine();
  }

  static NDArray boxes(NDManager manager, JsonNode values) {
    float[] flat = Golden.floats(values);
    return manager.create(flat, new Shape(flat.length / 4, 4));
  }

  @Test
  void iouMatrixMatchesTorchvisionIncludingIdenticalDisjointAndZeroAreaBoxes() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray iou = BoxOps.iou(boxes(manager, CASE.get("a")), boxes(manager, CASE.get("b")));
      assertThat(iou.getShape()).isEqualTo(new Shape(7, 8));
      assertThat(Golden.maxAbsDiff(iou.toFloatArray(), Golden.floats(CASE.get("iou"))))
          .isLessThan(1e-6);
      // column 5 is a copy of a[0]: IoU exactly 1; column 6 is far away: exactly 0
      assertThat(iou.getFloat(0, 5)).isEqualTo(1f);
      assertThat(iou.get(":, 6").toFloatArray()).containsOnly(0f);
    }
  }

  @Test
  void iouWithNoBoxesOnOneSideIsEmpty() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray iou = BoxOps.iou(manager.zeros(new Shape(0, 4)), boxes(manager, CASE.get("b")));
      assertThat(iou.getShape()).isEqualTo(new Shape(0, 8));
    }
  }

  @Test
  void areaHasNoPlusOne() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray area = BoxOps.area(boxes(manager, CASE.get("a")));
      assertThat(Golden.maxAbsDiff(area.toFloatArray(), Golden.floats(CASE.get("areaA"))))
          .isLessThan(1e-4);
      assertThat(BoxOps.area(manager.create(new float[] {1, 2, 4, 6}, new Shape(1, 4))).getFloat(0))
          .isEqualTo(12f);
    }
  }

  @Test
  void clipClampsXToWidthAndYToHeight() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray clipped =
          BoxOps.clip(
              boxes(manager, CASE.get("raw")),
              CASE.get("clipHeight").asLong(),
              CASE.get("clipWidth").asLong());
      assertThat(clipped.toFloatArray()).containsExactly(Golden.floats(CASE.get("clipped")));
    }
  }

  @Test
  void removeSmallKeepsBoxesWhoseSidesAreBothAtLeastTheMinimum() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray keep =
          BoxOps.removeSmall(boxes(manager, CASE.get("small")), CASE.get("minSize").asDouble());
      assertThat(keep.toLongArray()).containsExactly(Golden.longs(CASE.get("smallKept")));
    }
  }

  @Test
  void removeSmallOfNothingKeptIsEmpty() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray keep =
          BoxOps.removeSmall(manager.create(new float[] {0, 0, 1, 1}, new Shape(1, 4)), 5);
      assertThat(keep.toLongArray()).isEmpty();
    }
  }
}
