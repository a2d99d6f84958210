package org.normlab.ml.detection.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Greedy non-maximum suppression on the host, as {@code torchvision.ops.nms} and {@code
 * batched_nms}: boxes are visited by descending score, ties in input order (torchvision sorts
 * stably); each kept box suppresses the later ones whose IoU with it is strictly above the
 * threshold. IoU is computed in float without "+1", in torchvision's order of operations, so a pair
 * exactly at the threshold is decided as there. Results are int64 indices into the input, by
 * descending score.
 */
public final class Nms {

  private Nms() {}

  /** Indices kept by NMS over {@code (N, 4)} boxes and {@code (N)} scores. */
  public static NDArray nms(NDArray boxes, NDArray scores, double iouThreshold) {
    int[] keep = nms(floats(boxes), floats(scores), iouThreshold);
    return indices(boxes.getManager(), keep);
  }

  /**
   * NMS within each class only ({@code classes}: {@code (N)} integer labels): boxes of different
   * classes never suppress each other. Runs one NMS per class (no coordinate-offset trick, so IoUs
   * are exact) and merges by descending score, ties in input order, which is the order torchvision
   * returns.
   */
  public static NDArray batchedNms(
      NDArray boxes, NDArray scores, NDArray classes, double iouThreshold) {
    int[] keep = batchedNms(floats(boxes), floats(scores), HostArrays.longs(classes), iouThreshold);
    return indices(boxes.getManager(), keep);
  }

  /** Host form: {@code boxes} holds {@code 4 * N} floats, {@code [x1, y1, x2, y2, ...]}. */
  public static int[] nms(float[] boxes, float[] scores, double iouThreshold) {
    int n = scores.length;
    if (boxes.length != 4 * n) {
      throw new IllegalArgumentException(boxes.length / 4 + " boxes but " + n + " scores");
    }
    float threshold = (float) iouThreshold;
    int[] order = byDescendingScore(scores, IntStream.range(0, n).toArray());
    float[] areas = new float[n];
    for (int i = 0; i < n; i++) {
      areas[i] = (boxes[4 * i + 2] - boxes[4 * i]) * (boxes[4 * i + 3] - boxes[4 * i + 1]);
    }
    boolean[] suppressed = new boolean[n];
    int[] keep = new int[n];
    int kept = 0;
    for (int a = 0; a < n; a++) {
      int i = order[a];
      if (suppressed[i]) {
        continue;
      }
      keep[kept++] = i;
      for (int b = a + 1; b < n; b++) {
        int j = order[b];
        if (!suppressed[j] && iou(boxes, areas, i, j) > threshold) {
          suppressed[j] = true;
        }
      }
    }
    return Arrays.copyOf(keep, kept);
  }

  /** Host form of {@link #batchedNms(NDArray, NDArray, NDArray, double)}. */
  public static int[] batchedNms(
      float[] boxes, float[] scores, long[] classes, double iouThreshold) {
    Map<Long, List<Integer>> byClass = new HashMap<>();
    for (int i = 0; i < classes.length; i++) {
      byClass.computeIfAbsent(classes[i], c -> new ArrayList<>()).add(i);
    }
    List<Integer> kept = new ArrayList<>();
    for (List<Integer> members : byClass.values()) {
      float[] classBoxes = new float[4 * members.size()];
      float[] classScores = new float[members.size()];
      for (int m = 0; m < members.size(); m++) {
        System.arraycopy(boxes, 4 * members.get(m), classBoxes, 4 * m, 4);
        classScores[m] = scores[members.get(m)];
      }
      for (int local : nms(classBoxes, classScores, iouThreshold)) {
        kept.add(members.get(local));
      }
    }
    return byDescendingScore(scores, kept.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * torchvision's CPU kernel: float intersection, then {@code inter / (area_i + area_j - inter)}.
   */
  private static float iou(float[] boxes, float[] areas, int i, int j) {
    float w =
        Math.max(
            0f,
            Math.min(boxes[4 * i + 2], boxes[4 * j + 2]) - Math.max(boxes[4 * i], boxes[4 * j]));
    float h =
        Math.max(
            0f,
            Math.min(boxes[4 * i + 3], boxes[4 * j + 3])
                - Math.max(boxes[4 * i + 1], boxes[4 * j + 1]));
    float intersection = w * h;
    return intersection / (areas[i] + areas[j] - intersection);
  }

  /** {@code candidates} sorted by descending score, equal scores by ascending index (stable). */
  private static int[] byDescendingScore(float[] scores, int[] candidates) {
    Comparator<Integer> descending =
        (a, b) -> {
          // Float.compare puts NaN above everything, as torch's descending sort does; 0.0 and
          // -0.0 are a tie there, so compare with == first
          int byScore = scores[a] == scores[b] ? 0 : Float.compare(scores[b], scores[a]);
          return byScore != 0 ? byScore : Integer.compare(a, b);
        };
    return Arrays.stream(candidates)
        .boxed()
        .sorted(descending)
        .mapToInt(Integer::intValue)
        .toArray();
  }

  private static float[] floats(NDArray array) {
    return HostArrays.floats(array);
  }

  private static NDArray indices(NDManager manager, int[] keep) {
    long[] values = new long[keep.length];
    for (int i = 0; i < keep.length; i++) {
      values[i] = keep[i];
    }
    return manager.create(values);
  }
}
