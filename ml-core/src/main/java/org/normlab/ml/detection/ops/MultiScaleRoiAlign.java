package org.normlab.ml.detection.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RoIAlign over an FPN pyramid, as torchvision's {@code MultiScaleRoIAlign}: each RoI is pooled
 * from the one level the {@link LevelMapper} picks for its size, and the results come back in the
 * RoIs' order. Level {@code k} has stride {@code 2^k}, i.e. spatial scale {@code 2^-k}; the levels
 * given must be consecutive.
 *
 * <p>Gradients reach every level's feature map (the per-level results are concatenated and
 * reordered with ops autograd supports).
 */
public final class MultiScaleRoiAlign {

  private final int minLevel;
  private final List<RoiAlign> perLevel;
  private final LevelMapper mapper;

  /**
   * @param minLevel the first feature map's level (2 for FPN's P2, stride 4)
   * @param maxLevel the last one's (5 for P5, stride 32)
   * @param samplingRatio per bin side; torchvision's and maskrcnn-benchmark's FPN heads use 2
   * @param aligned false in torchvision's pooler and maskrcnn-benchmark (see {@link RoiAlign})
   */
  public MultiScaleRoiAlign(
      int minLevel,
      int maxLevel,
      int outputHeight,
      int outputWidth,
      int samplingRatio,
      boolean aligned) {
    this.minLevel = minLevel;
    this.mapper = new LevelMapper(minLevel, maxLevel);
    List<RoiAlign> ops = new ArrayList<>();
    for (int level = minLevel; level <= maxLevel; level++) {
      ops.add(
          new RoiAlign(
              outputHeight, outputWidth, (float) Math.scalb(1.0, -level), samplingRatio, aligned));
    }
    this.perLevel = List.copyOf(ops);
  }

  /** The Mask R-CNN FPN box pooler: P2..P5, 7x7, sampling ratio 2, not aligned. */
  public static MultiScaleRoiAlign fpnBoxPooler() {
    return new MultiScaleRoiAlign(2, 5, 7, 7, 2, false);
  }

  /** The Mask R-CNN FPN mask pooler: P2..P5, 14x14, sampling ratio 2, not aligned. */
  public static MultiScaleRoiAlign fpnMaskPooler() {
    return new MultiScaleRoiAlign(2, 5, 14, 14, 2, false);
  }

  public LevelMapper levelMapper() {
    return mapper;
  }

  /**
   * Pools every image's boxes.
   *
   * @param features one {@code (N, C, H_k, W_k)} map per level, finest first
   * @param boxesPerImage {@code (K_i, 4)} boxes of image i, in image coordinates
   * @return {@code (sum K_i, C, outputHeight, outputWidth)}, image-major in the boxes' order
   */
  public NDArray forward(List<NDArray> features, List<NDArray> boxesPerImage) {
    if (features.size() != perLevel.size()) {
      throw new IllegalArgumentException(
          "expected "
              + perLevel.size()
              + " feature maps (levels "
              + minLevel
              + ".."
              + mapper.maxLevel()
              + "), got "
              + features.size());
    }
    float[] rois = RoiAlign.hostRois(boxesPerImage);
    int count = rois.length / 5;
    int[] levels = new int[count];
    for (int r = 0; r < count; r++) {
      levels[r] = mapper.level(rois[5 * r + 1], rois[5 * r + 2], rois[5 * r + 3], rois[5 * r + 4]);
    }

    NDArray first = features.get(0);
    NDManager manager = first.getManager();
    // per-level results and their concatenation are intermediates: freed on return
    try (NDManager scratch = manager.newSubManager()) {
      NDList pooled = new NDList();
      long[] positionOf = new long[count];
      int position = 0;
      for (int k = 0; k < perLevel.size(); k++) {
        int level = minLevel + k;
        float[] levelRois = new float[5 * count];
        int taken = 0;
        for (int r = 0; r < count; r++) {
          if (levels[r] == level) {
            System.arraycopy(rois, 5 * r, levelRois, 5 * taken, 5);
            positionOf[r] = position++;
            taken++;
          }
        }
        if (taken > 0) {
          NDArray levelPooled =
              perLevel.get(k).forward(features.get(k), Arrays.copyOf(levelRois, 5 * taken));
          levelPooled.attach(scratch);
          pooled.add(levelPooled);
        }
      }
      if (pooled.isEmpty()) {
        RoiAlign op = perLevel.get(0);
        return manager.zeros(
            new Shape(0, first.getShape().get(1), op.outputHeight(), op.outputWidth()),
            first.getDataType());
      }
      NDArray byLevel = pooled.size() == 1 ? pooled.head() : NDArrays.concat(pooled, 0);
      // the index stays in the caller's scope: backward reads it (see RoiAlign)
      NDArray inRoiOrder = byLevel.get(new NDIndex("{}", manager.create(positionOf)));
      inRoiOrder.attach(manager);
      return inRoiOrder;
    }
  }
}
