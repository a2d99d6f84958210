package org.normlab.ml.detection.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToLongFunction;
import org.normlab.ml.detection.coco.Box;
import org.normlab.ml.detection.coco.Detection;
import org.normlab.ml.detection.coco.DetectionSample;
import org.normlab.ml.detection.coco.Rle;
import org.normlab.ml.detection.coco.Segmentation;

/**
 * The bridge between the COCO package and the model: a {@link DetectionSample} (boxes {@code [x,
 * y, w, h]}, polygon or RLE masks) becomes an {@link ImageTarget} (corner boxes, full-image binary
 * masks), and {@link Detections} become COCO result entries (boxes {@code [x, y, w, h]}, masks as
 * compressed RLE) for {@code CocoEvaluator}. Coordinates are the sample's pixels: callers that
 * resize images map boxes back before evaluating.
 */
public final class CocoTargets {

  private CocoTargets() {}

  /**
   * The sample's instances, clipped to the image (empty ones dropped), as training targets.
   *
   * @throws IllegalArgumentException when no instance is left (images without objects do not
   *     train the heads)
   */
  public static ImageTarget target(DetectionSample sample) {
    DetectionSample clipped = sample.clipToImage();
    int count = clipped.labels().length;
    float[] boxes = new float[4 * count];
    for (int i = 0; i < count; i++) {
      Box box = clipped.boxes().get(i);
      boxes[4 * i] = (float) box.x();
      boxes[4 * i + 1] = (float) box.y();
      boxes[4 * i + 2] = (float) box.x2();
      boxes[4 * i + 3] = (float) box.y2();
    }
    int height = clipped.image().height();
    int width = clipped.image().width();
    List<BinaryMask> masks = new ArrayList<>();
    for (Rle rle : clipped.maskRles()) {
      masks.add(new BinaryMask(height, width, rle.decode()));
    }
    return new ImageTarget(boxes, clipped.labels(), masks);
  }

  /**
   * COCO results of one image: one entry per detection with its box and its mask.
   *
   * @param categoryOf the COCO category id of a model label (e.g. {@code
   *     CocoDetectionData::categoryOf})
   */
  public static List<Detection> results(
      long imageId, Detections detections, IntToLongFunction categoryOf) {
    List<Detection> results = new ArrayList<>();
    for (int i = 0; i < detections.count(); i++) {
      float[] b = detections.box(i);
      BinaryMask mask = detections.masks().get(i);
      Rle rle = Rle.encode(mask.rowMajor(), mask.height(), mask.width());
      results.add(
          new Detection(
              imageId,
              categoryOf.applyAsLong(detections.labels()[i]),
              Box.fromCorners(b[0], b[1], b[2], b[3]),
              detections.scores()[i],
              new Segmentation.RleMask(rle, true)));
    }
    return results;
  }
}
