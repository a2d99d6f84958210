package org.normlab.ml.detection.coco;

import java.util.List;

/**
 * Box and mask AP/AR computed exactly as pycocotools' COCOeval (evaluate, accumulate, summarize)
 * defines them, with its default detection parameters ({@link EvaluationParams#coco()}).
 *
 * <pre>{@code
 * CocoMetrics box = CocoEvaluator.evaluate(groundTruth, detections, IouType.BBOX);
 * }</pre>
 */
public final class CocoEvaluator {

  private final EvaluationParams params;
  private final IouType type;

  public CocoEvaluator(EvaluationParams params, IouType type) {
    this.params = params;
    this.type = type;
  }

  public static CocoMetrics evaluate(CocoDataset groundTruth, List<Detection> detections, IouType type) {
    return new CocoEvaluator(EvaluationParams.coco(), type).summary(groundTruth, detections);
  }

  public CocoMetrics summary(CocoDataset groundTruth, List<Detection> detections) {
    return new MetricSummary(params, tables(groundTruth, detections)).summarize();
  }

  /** The accumulated precision and recall tables, by category in ascending id order. */
  public PrecisionTables tables(CocoDataset groundTruth, List<Detection> detections) {
    EvalInputs inputs = new EvalInputs(groundTruth, detections, type);
    ImageMatcher matcher = new ImageMatcher(params, type);
    List<AreaRange> ranges = params.areaRanges();
    long[] images = inputs.imageIds;
    long[] categories = inputs.categoryIds;
    ImageEvaluation[][][] evaluations = new ImageEvaluation[categories.length][ranges.size()][images.length];
    for (int k = 0; k < categories.length; k++) {
      for (int i = 0; i < images.length; i++) {
        ImageMatcher.Pairing pairing = matcher.pair(
            inputs.groundTruths(images[i], categories[k]), inputs.detections(images[i], categories[k]));
        for (int a = 0; a < ranges.size(); a++) {
          evaluations[k][a][i] = matcher.evaluate(pairing, ranges.get(a));
        }
      }
    }
    return new PrecisionAccumulator(params).accumulate(evaluations);
  }
}
