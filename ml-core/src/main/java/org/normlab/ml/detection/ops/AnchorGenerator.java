package org.normlab.ml.detection.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * Anchors for an FPN, as torchvision's {@code AnchorGenerator}: per level a set of cell anchors
 * (one per aspect ratio and size, centred on 0), shifted to every feature-map location.
 *
 * <p>Conventions (torchvision's, not maskrcnn-benchmark's): for ratio {@code r = h / w} and size
 * {@code s}, {@code h = sqrt(r) * s}, {@code w = s / sqrt(r)}, and the cell anchor is {@code
 * round([-w, -h, w, h] / 2)} with round-half-to-even, computed in float; e.g. size 32, ratio 0.5
 * gives {@code [-23, -11, 23, 11]}. Locations are shifted by {@code (x * stride, y * stride)} with
 * the cell centred on the location's top-left corner, and the stride is {@code imageSize /
 * gridSize} (integer division). maskrcnn-benchmark instead builds base anchors with the +1 pixel
 * convention around {@code (stride - 1) / 2} and rounds widths and heights before centring ({@code
 * _ratio_enum}), so its anchors are shifted by about half a stride from these.
 *
 * <p>Order within a level: location-major (row by row), then aspect ratio, then size, as
 * torchvision; levels are concatenated finest first.
 */
public final class AnchorGenerator {

  private final List<float[]> sizesPerLevel;
  private final float[] aspectRatios;
  private final List<float[]> cellAnchors;

  /**
   * @param sizesPerLevel anchor sizes (sqrt of area, pixels) of each level
   * @param aspectRatios height / width ratios, the same on every level
   */
  public AnchorGenerator(List<float[]> sizesPerLevel, float[] aspectRatios) {
    if (sizesPerLevel.isEmpty() || aspectRatios.length == 0) {
      throw new IllegalArgumentException("need at least one level and one aspect ratio");
    }
    this.sizesPerLevel = sizesPerLevel.stream().map(float[]::clone).toList();
    this.aspectRatios = aspectRatios.clone();
    List<float[]> cells = new ArrayList<>();
    for (float[] sizes : this.sizesPerLevel) {
      cells.add(cellAnchors(sizes, this.aspectRatios));
    }
    this.cellAnchors = List.copyOf(cells);
  }

  /** FPN's anchors: sizes 32, 64, 128, 256, 512 on P2..P6 (strides 4..64), ratios 0.5, 1, 2. */
  public static AnchorGenerator fpn() {
    List<float[]> sizes = new ArrayList<>();
    for (float size : new float[] {32, 64, 128, 256, 512}) {
      sizes.add(new float[] {size});
    }
    return new AnchorGenerator(sizes, new float[] {0.5f, 1f, 2f});
  }

  public int levels() {
    return sizesPerLevel.size();
  }

  /** Anchors per feature-map location on {@code level} (0-based, finest first). */
  public int anchorsPerLocation(int level) {
    return sizesPerLevel.get(level).length * aspectRatios.length;
  }

  /** The cell anchors of a level, {@code 4 * anchorsPerLocation} floats. */
  public float[] cellAnchors(int level) {
    return cellAnchors.get(level).clone();
  }

  /**
   * Every level's anchors, {@code (H_k * W_k * A_k, 4)} each, for an image (padded batch) of {@code
   * imageHeight x imageWidth} and feature maps of the given {@code {H_k, W_k}} sizes.
   */
  public List<NDArray> anchorsPerLevel(
      NDManager manager, long imageHeight, long imageWidth, List<long[]> gridSizes) {
    if (gridSizes.size() != levels()) {
      throw new IllegalArgumentException(
          "expected " + levels() + " feature-map sizes, got " + gridSizes.size());
    }
    List<NDArray> anchors = new ArrayList<>();
    for (int level = 0; level < levels(); level++) {
      long gridH = gridSizes.get(level)[0];
      long gridW = gridSizes.get(level)[1];
      int strideH = Math.toIntExact(imageHeight / gridH);
      int strideW = Math.toIntExact(imageWidth / gridW);
      float[] cell = cellAnchors.get(level);
      int perLocation = cell.length / 4;
      float[] values = new float[Math.toIntExact(gridH * gridW * cell.length)];
      int at = 0;
      for (int y = 0; y < gridH; y++) {
        for (int x = 0; x < gridW; x++) {
          float shiftX = x * strideW;
          float shiftY = y * strideH;
          for (int a = 0; a < perLocation; a++) {
            values[at++] = shiftX + cell[4 * a];
            values[at++] = shiftY + cell[4 * a + 1];
            values[at++] = shiftX + cell[4 * a + 2];
            values[at++] = shiftY + cell[4 * a + 3];
          }
        }
      }
      anchors.add(manager.create(values, new Shape(values.length / 4, 4)));
    }
    return anchors;
  }

  /** All levels' anchors concatenated, finest first: torchvision's per-image anchor tensor. */
  public NDArray anchors(
      NDManager manager, long imageHeight, long imageWidth, List<long[]> gridSizes) {
    return NDArrays.concat(
        new NDList(anchorsPerLevel(manager, imageHeight, imageWidth, gridSizes)), 0);
  }

  private static float[] cellAnchors(float[] sizes, float[] aspectRatios) {
    float[] cell = new float[4 * sizes.length * aspectRatios.length];
    int at = 0;
    for (float ratio : aspectRatios) {
      float hRatio = (float) Math.sqrt(ratio);
      float wRatio = 1f / hRatio;
      for (float size : sizes) {
        float halfW = wRatio * size / 2f;
        float halfH = hRatio * size / 2f;
        cell[at++] = (float) Math.rint(-halfW);
        cell[at++] = (float) Math.rint(-halfH);
        cell[at++] = (float) Math.rint(halfW);
        cell[at++] = (float) Math.rint(halfH);
      }
    }
    return cell;
  }
}
