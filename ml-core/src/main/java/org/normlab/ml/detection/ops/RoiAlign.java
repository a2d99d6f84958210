package org.normlab.ml.detection.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * RoIAlign (He et al., Mask R-CNN), equal to {@code torchvision.ops.roi_align(input, rois,
 * (outputHeight, outputWidth), spatialScale, samplingRatio, aligned)} in forward and in the
 * gradient with respect to the feature map. DJL's PyTorch engine has no roi_align, so it is
 * composed.
 *
 * <p>How: torchvision averages, per output bin, {@code gridH x gridW} bilinear samples, each a
 * weighted sum of four feature pixels. The sample positions depend only on the boxes, so they are
 * computed on the host ({@link SamplingPlan}), merged into at most a few (pixel, weight) pairs per
 * bin, and the op becomes, on the device, a row gather from an {@code (N*H*W, C)} view of the
 * features and a weighted sum: ops autograd differentiates (the gather's backward is the
 * scatter-add torchvision's backward kernel does). Boxes get no gradient, as in torchvision.
 *
 * <p>{@code aligned=false} is Detectron1 / maskrcnn-benchmark's RoIAlign (boxes shorter than one
 * feature pixel are stretched to one); {@code aligned=true} shifts boxes by half a pixel so that
 * sample points sit on pixel centres (Detectron2). {@code samplingRatio <= 0} means adaptive:
 * {@code ceil(roiSize / outputSize)} samples per bin side.
 */
public final class RoiAlign {

  private final int outputHeight;
  private final int outputWidth;
  private final float spatialScale;
  private final int samplingRatio;
  private final boolean aligned;

  public RoiAlign(
      int outputHeight, int outputWidth, float spatialScale, int samplingRatio, boolean aligned) {
    if (outputHeight < 1 || outputWidth < 1) {
      throw new IllegalArgumentException(
          "output size must be positive, got " + outputHeight + "x" + outputWidth);
    }
    if (!(spatialScale > 0)) {
      throw new IllegalArgumentException("spatialScale must be positive, got " + spatialScale);
    }
    this.outputHeight = outputHeight;
    this.outputWidth = outputWidth;
    this.spatialScale = spatialScale;
    this.samplingRatio = samplingRatio;
    this.aligned = aligned;
  }

  /**
   * Pools one {@code (C, outputHeight, outputWidth)} window per RoI.
   *
   * @param features {@code (N, C, H, W)}
   * @param rois {@code (K, 5)}: {@code [batchIndex, x1, y1, x2, y2]} in image coordinates (the
   *     format of torchvision's tensor form; {@link #rois(List)} builds it from per-image boxes)
   * @return {@code (K, C, outputHeight, outputWidth)}, in the features' manager (intermediates are
   *     freed before returning)
   */
  public NDArray forward(NDArray features, NDArray rois) {
    Shape shape = rois.getShape();
    if (shape.dimension() != 2 || shape.get(1) != 5) {
      throw new IllegalArgumentException("rois must be (K, 5), got " + shape);
    }
    return forward(features, HostArrays.floats(rois));
  }

  /** The same with boxes per image ({@code (K_i, 4)} each, image i of the batch). */
  public NDArray forward(NDArray features, List<NDArray> boxesPerImage) {
    return forward(features, hostRois(boxesPerImage));
  }

  /**
   * {@code (K, 5)} rois from per-image boxes, as torchvision's {@code convert_boxes_to_roi_format}.
   */
  public static NDArray rois(List<NDArray> boxesPerImage) {
    if (boxesPerImage.isEmpty()) {
      throw new IllegalArgumentException("no images");
    }
    NDManager manager = boxesPerImage.get(0).getManager();
    float[] rois = hostRois(boxesPerImage);
    return manager.create(rois, new Shape(rois.length / 5, 5));
  }

  /** Forward on rois already on the host, {@code 5 * K} floats. */
  NDArray forward(NDArray features, float[] rois) {
    Shape shape = features.getShape();
    if (shape.dimension() != 4) {
      throw new IllegalArgumentException("features must be (N, C, H, W), got " + shape);
    }
    int batch = Math.toIntExact(shape.get(0));
    long channels = shape.get(1);
    int height = Math.toIntExact(shape.get(2));
    int width = Math.toIntExact(shape.get(3));
    int roiCount = rois.length / 5;
    SamplingPlan plan = SamplingPlan.of(this, rois, batch, height, width);

    NDManager manager = features.getManager();
    // Backward reads the sample indices and weights again, so they live in the caller's scope:
    // closing these DJL-made arrays early made a full-size backward read garbage indices.
    NDArray rows = manager.create(plan.rows());
    NDArray weights = manager.create(plan.weights(), new Shape(plan.bins(), 1, plan.slots()));
    if (features.getDataType() != DataType.FLOAT32) {
      NDArray asFeatures = weights.toType(features.getDataType(), true);
      weights.close();
      weights = asFeatures;
    }
    // Intermediates computed by torch (the transposed copy of the map, the gathered samples) live
    // in a scratch manager closed on return; autograd holds its own references to what it needs.
    try (NDManager scratch = manager.newSubManager()) {
      // results land in their first operand's manager: borrow both inputs into scratch
      features.tempAttach(scratch);
      weights.tempAttach(scratch);
      NDArray table = features.transpose(0, 2, 3, 1).reshape(-1, channels);
      // One gather for all slots: its backward scatters into one dense table-sized gradient (a
      // gather per slot would allocate one per slot). The weighted sum is a batched matmul.
      NDArray samples =
          table.get(new NDIndex("{}", rows)).reshape(plan.bins(), plan.slots(), channels);
      NDArray pooled =
          weights
              .matMul(samples)
              .reshape(roiCount, outputHeight, outputWidth, channels)
              .transpose(0, 3, 1, 2);
      pooled.attach(manager);
      return pooled;
    }
  }

  /** {@link #rois(List)} on the host: {@code 5 * K} floats. */
  static float[] hostRois(List<NDArray> boxesPerImage) {
    int total = 0;
    float[][] perImage = new float[boxesPerImage.size()][];
    for (int i = 0; i < perImage.length; i++) {
      NDArray boxes = boxesPerImage.get(i);
      if (boxes.getShape().dimension() != 2 || boxes.getShape().get(1) != 4) {
        throw new IllegalArgumentException(
            "boxes of image " + i + " must be (K, 4), got " + boxes.getShape());
      }
      perImage[i] = HostArrays.floats(boxes);
      total += perImage[i].length / 4;
    }
    float[] rois = new float[total * 5];
    int at = 0;
    for (int image = 0; image < perImage.length; image++) {
      for (int b = 0; b < perImage[image].length / 4; b++) {
        rois[at++] = image;
        System.arraycopy(perImage[image], 4 * b, rois, at, 4);
        at += 4;
      }
    }
    return rois;
  }

  public int outputHeight() {
    return outputHeight;
  }

  public int outputWidth() {
    return outputWidth;
  }

  public float spatialScale() {
    return spatialScale;
  }

  public int samplingRatio() {
    return samplingRatio;
  }

  public boolean aligned() {
    return aligned;
  }
}
