package org.normlab.ml.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToLongFunction;
import org.normlab.ml.detection.coco.Box;
import org.normlab.ml.detection.coco.Detection;
import org.normlab.ml.detection.coco.Rle;
import org.normlab.ml.detection.coco.Segmentation;
import org.normlab.ml.detection.model.BinaryMask;
import org.normlab.ml.detection.model.Detections;

/**
 * A detector's output for one image as COCO results, in the original image's coordinates: boxes
 * {@code [x, y, w, h]} scaled back from the resized input per axis (maskrcnn-benchmark's {@code
 * prediction.resize(original size)}), masks resampled to the original size and run-length encoded.
 * As maskrcnn-benchmark's COCO evaluation writes them, box results carry only the box and mask
 * results only the mask (a mask result with a box would be binned by its box area).
 */
public record CocoResults(List<Detection> boxes, List<Detection> masks) {

  public CocoResults {
    boxes = List.copyOf(boxes);
    masks = List.copyOf(masks);
  }

  /**
   * @param found what the detector found in the resized image (boxes in its pixels, masks of its
   *     size)
   * @param resizedHeight height of the resized image the detector saw (its masks' height)
   * @param categoryOf the COCO category id of a contiguous label 1..K
   */
  public static CocoResults of(Detections found, long imageId, int resizedHeight, int resizedWidth,
      int originalHeight, int originalWidth, IntToLongFunction categoryOf) {
    double sx = (double) originalWidth / resizedWidth;
    double sy = (double) originalHeight / resizedHeight;
    List<Detection> boxes = new ArrayList<>();
    List<Detection> masks = new ArrayList<>();
    for (int i = 0; i < found.count(); i++) {
      float[] b = found.box(i);
      long category = categoryOf.applyAsLong(found.labels()[i]);
      double score = found.scores()[i];
      // Corners are scaled in float, as torch scales the box tensor, then widened to COCO's doubles.
      Box box = Box.fromCorners((float) (b[0] * sx), (float) (b[1] * sy), (float) (b[2] * sx), (float) (b[3] * sy));
      boxes.add(new Detection(imageId, category, box, score, null));
      Rle mask = Rle.encode(nearest(found.masks().get(i), originalHeight, originalWidth), originalHeight,
          originalWidth);
      masks.add(new Detection(imageId, category, null, score, new Segmentation.RleMask(mask, true)));
    }
    return new CocoResults(boxes, masks);
  }

  /** Nearest-neighbour resampling, pixel centre to pixel centre (identity at equal sizes). */
  static boolean[] nearest(BinaryMask mask, int height, int width) {
    if (mask.height() == height && mask.width() == width) {
      return mask.rowMajor().clone();
    }
    boolean[] out = new boolean[height * width];
    for (int y = 0; y < height; y++) {
      int sy = Math.min(mask.height() - 1, (int) ((y + 0.5) * mask.height() / height));
      for (int x = 0; x < width; x++) {
        int sx = Math.min(mask.width() - 1, (int) ((x + 0.5) * mask.width() / width));
        out[y * width + x] = mask.get(sy, sx);
      }
    }
    return out;
  }
}
