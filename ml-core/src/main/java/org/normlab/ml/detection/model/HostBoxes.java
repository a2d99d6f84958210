package org.normlab.ml.detection.model;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

/** Small host-side helpers on boxes stored as {@code [x1, y1, x2, y2, ...]} float arrays. */
final class HostBoxes {

  private HostBoxes() {}

  /**
   * Offsets (from {@code from}) of the {@code k} largest of {@code values[from .. from + length)},
   * largest first, ties in index order.
   */
  static int[] topK(float[] values, int from, int length, int k) {
    Integer[] order = new Integer[length];
    for (int i = 0; i < length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Float.compare(values[from + b], values[from + a]));
    int keep = Math.min(k, length);
    int[] top = new int[keep];
    for (int i = 0; i < keep; i++) {
      top[i] = order[i];
    }
    return top;
  }

  /** Indices of the boxes whose width and height are both at least {@code minSize}. */
  static int[] atLeast(float[] boxes, double minSize) {
    return IntStream.range(0, boxes.length / 4)
        .filter(
            i ->
                boxes[4 * i + 2] - boxes[4 * i] >= minSize
                    && boxes[4 * i + 3] - boxes[4 * i + 1] >= minSize)
        .toArray();
  }

  static float[] select(float[] boxes, int[] indices) {
    float[] out = new float[4 * indices.length];
    for (int i = 0; i < indices.length; i++) {
      System.arraycopy(boxes, 4 * indices[i], out, 4 * i, 4);
    }
    return out;
  }

  static float[] select1(float[] values, int[] indices) {
    float[] out = new float[indices.length];
    for (int i = 0; i < indices.length; i++) {
      out[i] = values[indices[i]];
    }
    return out;
  }

  static long[] select1(long[] values, int[] indices) {
    long[] out = new long[indices.length];
    for (int i = 0; i < indices.length; i++) {
      out[i] = values[indices[i]];
    }
    return out;
  }

  static float[] concat(List<float[]> parts) {
    int length = parts.stream().mapToInt(p -> p.length).sum();
    float[] out = new float[length];
    int at = 0;
    for (float[] part : parts) {
      System.arraycopy(part, 0, out, at, part.length);
      at += part.length;
    }
    return out;
  }

  /** IoU of two boxes (no +1 convention). */
  static float iou(float[] a, int i, float[] b, int j) {
    float w = Math.max(0f, Math.min(a[4 * i + 2], b[4 * j + 2]) - Math.max(a[4 * i], b[4 * j]));
    float h =
        Math.max(0f, Math.min(a[4 * i + 3], b[4 * j + 3]) - Math.max(a[4 * i + 1], b[4 * j + 1]));
    float inter = w * h;
    float areaA = (a[4 * i + 2] - a[4 * i]) * (a[4 * i + 3] - a[4 * i + 1]);
    float areaB = (b[4 * j + 2] - b[4 * j]) * (b[4 * j + 3] - b[4 * j + 1]);
    return inter / (areaA + areaB - inter);
  }
}
