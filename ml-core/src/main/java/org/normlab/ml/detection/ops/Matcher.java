package org.normlab.ml.detection.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Assigns each prediction (anchor, proposal) the ground-truth box it overlaps most, as
 * torchvision's {@code det_utils.Matcher}: quality {@code >= high} is a match, {@code < low} is
 * {@link #BELOW_LOW_THRESHOLD}, in between {@link #BETWEEN_THRESHOLDS}. With low-quality matches
 * allowed (the RPN's setting), every prediction that achieves some gt's highest quality (ties
 * included) keeps its best gt even below the thresholds, so each gt gets at least one prediction.
 * Among equal qualities the first gt wins.
 *
 * <p>RPN: {@code new Matcher(0.7, 0.3, true)}; box head: {@code new Matcher(0.5, 0.5, false)}.
 */
public record Matcher(float highThreshold, float lowThreshold, boolean allowLowQualityMatches) {

  public static final long BELOW_LOW_THRESHOLD = -1;
  public static final long BETWEEN_THRESHOLDS = -2;

  public Matcher {
    if (lowThreshold > highThreshold) {
      throw new IllegalArgumentException(
          "lowThreshold " + lowThreshold + " > highThreshold " + highThreshold);
    }
  }

  public Matcher(double highThreshold, double lowThreshold, boolean allowLowQualityMatches) {
    this((float) highThreshold, (float) lowThreshold, allowLowQualityMatches);
  }

  /**
   * @param quality {@code (G, P)} match quality (IoU) of G ground-truth boxes and P predictions
   * @return {@code (P)} int64: the matched gt index, or a negative code
   */
  public NDArray match(NDArray quality) {
    Shape shape = quality.getShape();
    if (shape.dimension() != 2) {
      throw new IllegalArgumentException("quality must be (gts, predictions), got " + shape);
    }
    long[] matches =
        match(
            HostArrays.floats(quality),
            Math.toIntExact(shape.get(0)),
            Math.toIntExact(shape.get(1)));
    return quality.getManager().create(matches);
  }

  /** Host form: {@code quality} row-major {@code (gts, predictions)}. */
  public long[] match(float[] quality, int gts, int predictions) {
    if (gts == 0) {
      throw new IllegalArgumentException(
          "No ground-truth boxes available for one of the images during training");
    }
    if (predictions == 0) {
      throw new IllegalArgumentException(
          "No proposal boxes available for one of the images during training");
    }
    long[] best = new long[predictions];
    float[] bestQuality = new float[predictions];
    for (int p = 0; p < predictions; p++) {
      int bestGt = 0;
      for (int g = 1; g < gts; g++) {
        if (quality[g * predictions + p] > quality[bestGt * predictions + p]) {
          bestGt = g;
        }
      }
      best[p] = bestGt;
      bestQuality[p] = quality[bestGt * predictions + p];
    }
    long[] matches = best.clone();
    for (int p = 0; p < predictions; p++) {
      if (bestQuality[p] < lowThreshold) {
        matches[p] = BELOW_LOW_THRESHOLD;
      } else if (bestQuality[p] < highThreshold) {
        matches[p] = BETWEEN_THRESHOLDS;
      }
    }
    if (allowLowQualityMatches) {
      for (int g = 0; g < gts; g++) {
        float highest = Float.NEGATIVE_INFINITY;
        for (int p = 0; p < predictions; p++) {
          highest = Math.max(highest, quality[g * predictions + p]);
        }
        for (int p = 0; p < predictions; p++) {
          if (quality[g * predictions + p] == highest) {
            matches[p] = best[p];
          }
        }
      }
    }
    return matches;
  }
}
