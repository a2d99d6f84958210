package org.normlab.ml.detection.coco;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * COCOeval's per-image, per-category step. Detections are taken in descending score order (a
 * stable sort, so ties keep their input order as numpy's mergesort does) up to the largest
 * maxDets. For each IoU threshold each detection, best first, takes the unmatched ground truth with
 * the highest IoU at or above the threshold, preferring ground truths that are not ignored; a crowd
 * ground truth can be matched again and again. A detection matched to an ignored ground truth is
 * ignored, and so is an unmatched detection whose area is outside the area range.
 */
final class ImageMatcher {

  private final EvaluationParams params;
  private final IouType type;

  ImageMatcher(EvaluationParams params, IouType type) {
    this.params = params;
    this.type = type;
  }

  /** The IoU matrix and the score-ordered detections of one (image, category). */
  record Pairing(List<EvalInstance> groundTruths, List<EvalInstance> detections, double[][] ious) {}

  Pairing pair(List<EvalInstance> groundTruths, List<EvalInstance> detections) {
    List<EvalInstance> sorted = byDescendingScore(detections);
    if (sorted.size() > params.maxDetLimit()) {
      sorted = sorted.subList(0, params.maxDetLimit());
    }
    double[][] ious = new double[sorted.size()][groundTruths.size()];
    for (int d = 0; d < sorted.size(); d++) {
      for (int g = 0; g < groundTruths.size(); g++) {
        ious[d][g] = iou(sorted.get(d), groundTruths.get(g));
      }
    }
    return new Pairing(groundTruths, sorted, ious);
  }

  private double iou(EvalInstance detection, EvalInstance groundTruth) {
    if (type == IouType.BBOX) {
      return Iou.boxes(detection.box(), groundTruth.box(), groundTruth.crowd());
    }
    if (Iou.boxes(detection.maskBox(), groundTruth.maskBox(), false) <= 0) {
      return 0; // the masks' boxes do not overlap, so neither do the masks
    }
    return Iou.masks(detection.mask(), groundTruth.mask(), groundTruth.crowd());
  }

  /** {@code null} when the image has neither ground truths nor detections of the category. */
  ImageEvaluation evaluate(Pairing pairing, AreaRange range) {
    List<EvalInstance> gts = pairing.groundTruths();
    List<EvalInstance> dts = pairing.detections();
    if (gts.isEmpty() && dts.isEmpty()) {
      return null;
    }
    // Ground truths not ignored come first (stable), so a match to them is preferred.
    int[] gtOrder = IntStream.range(0, gts.size()).boxed()
        .sorted(Comparator.comparing(g -> ignored(gts.get(g), range)))
        .mapToInt(Integer::intValue).toArray();
    int gCount = gts.size();
    boolean[] gtIgnored = new boolean[gCount];
    boolean[] crowd = new boolean[gCount];
    for (int g = 0; g < gCount; g++) {
      gtIgnored[g] = ignored(gts.get(gtOrder[g]), range);
      crowd[g] = gts.get(gtOrder[g]).crowd();
    }
    int thresholds = params.iouThresholds().length;
    int dCount = dts.size();
    boolean[][] dtMatched = new boolean[thresholds][dCount];
    boolean[][] dtIgnored = new boolean[thresholds][dCount];
    if (gCount > 0 && dCount > 0) {
      for (int t = 0; t < thresholds; t++) {
        boolean[] gtMatched = new boolean[gCount];
        for (int d = 0; d < dCount; d++) {
          double best = Math.min(params.iouThresholds()[t], 1 - 1e-10);
          int m = -1;
          for (int g = 0; g < gCount; g++) {
            if (gtMatched[g] && !crowd[g]) {
              continue;
            }
            if (m > -1 && !gtIgnored[m] && gtIgnored[g]) {
              break; // already matched a regular ground truth; only ignored ones are left
            }
            double iou = pairing.ious()[d][gtOrder[g]];
            if (iou < best) {
              continue;
            }
            best = iou;
            m = g;
          }
          if (m == -1) {
            continue;
          }
          dtIgnored[t][d] = gtIgnored[m];
          dtMatched[t][d] = true;
          gtMatched[m] = true;
        }
      }
    }
    double[] scores = new double[dCount];
    for (int d = 0; d < dCount; d++) {
      scores[d] = dts.get(d).score();
      boolean outside = range.excludes(dts.get(d).area());
      for (int t = 0; t < thresholds; t++) {
        dtIgnored[t][d] |= !dtMatched[t][d] && outside;
      }
    }
    return new ImageEvaluation(scores, dtMatched, dtIgnored, gtIgnored);
  }

  private static boolean ignored(EvalInstance groundTruth, AreaRange range) {
    return groundTruth.crowd() || range.excludes(groundTruth.area());
  }

  static List<EvalInstance> byDescendingScore(List<EvalInstance> detections) {
    List<EvalInstance> sorted = new ArrayList<>(detections);
    sorted.sort(ImageMatcher::byScoreDescending); // List.sort is a stable merge sort
    return sorted;
  }

  private static int byScoreDescending(EvalInstance a, EvalInstance b) {
    return a.score() > b.score() ? -1 : a.score() < b.score() ? 1 : 0;
  }
}
