package org.normlab.ml.detection.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.DataType;

/**
 * Box utilities on {@code (N, 4)} arrays of {@code [x1, y1, x2, y2]} in pixels.
 *
 * <p>Convention: torchvision's current one, continuous coordinates with no "+1": a box's width is
 * {@code x2 - x1} and its area {@code (x2 - x1) * (y2 - y1)}. maskrcnn-benchmark (and Detectron1)
 * add {@code TO_REMOVE = 1} to widths and heights, treating coordinates as inclusive pixel indices;
 * their areas, IoUs and box-coder targets therefore differ slightly from these.
 *
 * <p>Results are attached to the first input's manager (DJL's rule), so they live in the caller's
 * scope. The functions are differentiable where torchvision's are (IoU, area, clip).
 */
public final class BoxOps {

  private BoxOps() {}

  /** {@code (x2 - x1) * (y2 - y1)} per box: shape {@code (N)}. */
  public static NDArray area(NDArray boxes) {
    return boxes.get(":, 2").sub(boxes.get(":, 0")).mul(boxes.get(":, 3").sub(boxes.get(":, 1")));
  }

  /**
   * Pairwise intersection over union, {@code (N, M)}, as {@code torchvision.ops.box_iou}: two
   * disjoint boxes give 0, two identical zero-area boxes give NaN (0 / 0), as there.
   */
  public static NDArray iou(NDArray boxes1, NDArray boxes2) {
    NDArray area1 = area(boxes1).expandDims(1);
    NDArray area2 = area(boxes2).expandDims(0);
    NDArray leftTop =
        NDArrays.maximum(boxes1.get(":, :2").expandDims(1), boxes2.get(":, :2").expandDims(0));
    NDArray rightBottom =
        NDArrays.minimum(boxes1.get(":, 2:").expandDims(1), boxes2.get(":, 2:").expandDims(0));
    NDArray wh = rightBottom.sub(leftTop).maximum(0f);
    NDArray intersection = wh.get(":, :, 0").mul(wh.get(":, :, 1"));
    return intersection.div(area1.add(area2).sub(intersection));
  }

  /** Clamps x to {@code [0, width]} and y to {@code [0, height]} (no -1: see the class note). */
  public static NDArray clip(NDArray boxes, long height, long width) {
    NDArray limits =
        boxes
            .getManager()
            .create(new float[] {width, height, width, height})
            .toType(boxes.getDataType(), false);
    return NDArrays.minimum(boxes.maximum(0f), limits);
  }

  /**
   * Indices (int64, ascending) of the boxes whose width and height are both at least {@code
   * minSize}, as {@code torchvision.ops.remove_small_boxes}.
   */
  public static NDArray removeSmall(NDArray boxes, double minSize) {
    NDArray widths = boxes.get(":, 2").sub(boxes.get(":, 0"));
    NDArray heights = boxes.get(":, 3").sub(boxes.get(":, 1"));
    NDArray keep = widths.gte(minSize).logicalAnd(heights.gte(minSize));
    return keep.nonzero().reshape(-1).toType(DataType.INT64, false);
  }
}
