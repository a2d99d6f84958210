package org.normlab.ml.detection.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;

/**
 * Encodes boxes as offsets {@code (dx, dy, dw, dh)} from reference boxes (anchors, proposals) and
 * back, as torchvision's {@code models.detection._utils.BoxCoder}: centre offsets scaled by the
 * reference size, log size ratios, each multiplied by a weight; decoding clamps {@code dw, dh} at
 * {@code log(1000 / 16)} before {@code exp}. No "+1" in widths (see {@link BoxOps}).
 */
public final class BoxCoder {

  /** torchvision's {@code bbox_xform_clip}: no box grows more than 1000/16 times its reference. */
  public static final double DEFAULT_SCALE_CLAMP = Math.log(1000.0 / 16);

  /** The RPN's coder (Faster R-CNN / torchvision's {@code rpn}). */
  public static final BoxCoder RPN = new BoxCoder(1, 1, 1, 1);

  /** The box head's coder (torchvision's {@code roi_heads}, maskrcnn-benchmark's defaults). */
  public static final BoxCoder BOX_HEAD = new BoxCoder(10, 10, 5, 5);

  private final float[] weights;
  private final double scaleClamp;

  /**
   * @param wx weight of the x centre offset (and so on for y, width and height)
   * @param scaleClamp the upper bound on {@code dw} and {@code dh} when decoding
   */
  public BoxCoder(float wx, float wy, float ww, float wh, double scaleClamp) {
    this.weights = new float[] {wx, wy, ww, wh};
    this.scaleClamp = scaleClamp;
  }

  public BoxCoder(float wx, float wy, float ww, float wh) {
    this(wx, wy, ww, wh, DEFAULT_SCALE_CLAMP);
  }

  /** {@code (wx, wy, ww, wh)}. */
  public float[] weights() {
    return weights.clone();
  }

  public double scaleClamp() {
    return scaleClamp;
  }

  /**
   * Regression targets {@code (N, 4)} that take each reference box to its matched box.
   *
   * @param matched the boxes to reach (ground truth matched to each reference), {@code (N, 4)}
   * @param references anchors or proposals, {@code (N, 4)}
   */
  public NDArray encode(NDArray matched, NDArray references) {
    NDArray refWidths = width(references);
    NDArray refHeights = height(references);
    NDArray refX = references.get(":, 0").add(refWidths.mul(0.5f));
    NDArray refY = references.get(":, 1").add(refHeights.mul(0.5f));
    NDArray gtWidths = width(matched);
    NDArray gtHeights = height(matched);
    NDArray gtX = matched.get(":, 0").add(gtWidths.mul(0.5f));
    NDArray gtY = matched.get(":, 1").add(gtHeights.mul(0.5f));
    NDArray dx = gtX.sub(refX).mul(weights[0]).div(refWidths);
    NDArray dy = gtY.sub(refY).mul(weights[1]).div(refHeights);
    NDArray dw = gtWidths.div(refWidths).log().mul(weights[2]);
    NDArray dh = gtHeights.div(refHeights).log().mul(weights[3]);
    return NDArrays.stack(new NDList(dx, dy, dw, dh), 1);
  }

  /**
   * Boxes from offsets, {@code (N, 4K)} for codes {@code (N, 4K)} (K boxes per reference, e.g. one
   * per class) and references {@code (N, 4)}.
   */
  public NDArray decode(NDArray codes, NDArray references) {
    long n = codes.getShape().get(0);
    long perReference = codes.getShape().get(1) / 4;
    NDArray perBox = codes.reshape(n, perReference, 4);
    NDArray widths = width(references).expandDims(1);
    NDArray heights = height(references).expandDims(1);
    NDArray centreX = references.get(":, 0").expandDims(1).add(widths.mul(0.5f));
    NDArray centreY = references.get(":, 1").expandDims(1).add(heights.mul(0.5f));
    NDArray dx = perBox.get(":, :, 0").div(weights[0]);
    NDArray dy = perBox.get(":, :, 1").div(weights[1]);
    NDArray dw = perBox.get(":, :, 2").div(weights[2]).minimum((float) scaleClamp);
    NDArray dh = perBox.get(":, :, 3").div(weights[3]).minimum((float) scaleClamp);
    NDArray x = dx.mul(widths).add(centreX);
    NDArray y = dy.mul(heights).add(centreY);
    NDArray halfW = dw.exp().mul(widths).mul(0.5f);
    NDArray halfH = dh.exp().mul(heights).mul(0.5f);
    NDArray decoded =
        NDArrays.stack(new NDList(x.sub(halfW), y.sub(halfH), x.add(halfW), y.add(halfH)), 2);
    return decoded.reshape(n, perReference * 4);
  }

  private static NDArray width(NDArray boxes) {
    return boxes.get(":, 2").sub(boxes.get(":, 0"));
  }

  private static NDArray height(NDArray boxes) {
    return boxes.get(":, 3").sub(boxes.get(":, 1"));
  }
}
