package org.normlab.ml.detection.train;

import org.normlab.contracts.model.NormSpec;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.ml.backbone.ImageShape;
import org.normlab.ml.data.DatasetDefinition;
import org.normlab.ml.data.DatasetFormat;
import org.normlab.ml.data.PixelStatistics;
import org.normlab.ml.data.transform.RgbImage;
import org.normlab.ml.detection.coco.ResizeToRange;
import org.normlab.ml.detection.model.DetectionNorms;
import org.normlab.ml.detection.model.MaskRcnnConfig;
import org.normlab.ml.detection.model.RoiSettings;
import org.normlab.ml.detection.model.RpnSettings;

/**
 * How a {@code detection} spec and a COCO-format dataset become a Mask R-CNN, its input and its
 * resize: one place, so that training and evaluation build the same detector from the same spec.
 *
 * <ul>
 *   <li>Widths follow the spec's {@code baseWidth} b as the paper's R-50-FPN follows 64: FPN and
 *       head convolutions 4b (256), the box head's fc 16b (1024).
 *   <li>The dataset's height and width are the resize: shorter side {@code height}, longer at most
 *       {@code width} (800 / 1333 in the paper, F.3). At 800 the RPN and RoI settings are
 *       maskrcnn-benchmark's; smaller images scale anchor sizes, proposal counts and sampled
 *       anchors / RoIs by {@code height / 800} (with floors), so a 64-128 px CPU set keeps anchors
 *       that fit its objects and steps that take seconds. The spec has no fields for these.
 *   <li>Input: maskrcnn-benchmark's {@code TO_BGR255}: channels B, G, R of 0-255 values minus
 *       {@code PIXEL_MEAN}, read from the format's statistics.
 * </ul>
 */
public final class DetectionSetup {

  /** maskrcnn-benchmark's {@code DATALOADER.SIZE_DIVISIBILITY} for FPN. */
  public static final int SIZE_DIVISIBILITY = 32;

  /** The shorter side of the paper's training images (F.3: sizes 800 / 1333). */
  static final int PAPER_MIN_SIZE = 800;

  private DetectionSetup() {}

  /**
   * The detector of {@code spec} on {@code dataset}.
   *
   * @throws IllegalArgumentException when the dataset is not COCO-format data
   */
  public static MaskRcnnConfig config(ExperimentSpec spec, DatasetDefinition dataset) {
    requireCoco(dataset);
    int b = spec.baseWidth();
    double scale = Math.min(1.0, (double) dataset.height() / PAPER_MIN_SIZE);
    RpnSettings rpn = RpnSettings.paper();
    RoiSettings roi = RoiSettings.paper();
    if (scale < 1) {
      rpn =
          rpn.withAnchorSizes(
                  rpn.anchorSizes().stream().map(s -> (int) Math.max(2, Math.round(s * scale))).toList())
              .withTopN(
                  scaled(rpn.preNmsTopNTrain(), scale, 100),
                  scaled(rpn.preNmsTopNTest(), scale, 100),
                  scaled(rpn.postNmsTopNTrain(), scale, 100),
                  scaled(rpn.postNmsTopNTest(), scale, 50))
              .withBatchSizePerImage(scaled(rpn.batchSizePerImage(), scale, 64));
      roi = roi.withBatchSizePerImage(scaled(roi.batchSizePerImage(), scale, 32));
    }
    int side = roundUp(Math.max(dataset.height(), dataset.width()), SIZE_DIVISIBILITY);
    return new MaskRcnnConfig(
        spec.backbone(),
        b,
        dataset.numClasses(),
        new ImageShape(3, side, side),
        4 * b,
        4 * b,
        16 * b,
        rpn,
        roi);
  }

  /** The spec's norm in backbone, FPN and heads ({@link DetectionNorms#of}). */
  public static DetectionNorms norms(ExperimentSpec spec) {
    return DetectionNorms.of(NormSpec.parse(spec.norm()), spec.normBatchSize(), spec.batchSize());
  }

  /** The dataset's resize: shorter side {@code height}, longer side at most {@code width}. */
  public static ResizeToRange resize(DatasetDefinition dataset) {
    requireCoco(dataset);
    return new ResizeToRange(dataset.height(), dataset.width());
  }

  /** (3, H, W) floats in B, G, R order, standardized with the format's statistics. */
  public static float[] input(RgbImage image, DatasetDefinition dataset) {
    PixelStatistics stats = dataset.format().statistics();
    float[] mean = stats.mean();
    float[] std = stats.std();
    int plane = image.height() * image.width();
    float[] out = new float[3 * plane];
    for (int c = 0; c < 3; c++) {
      int rgb = 2 - c;
      for (int y = 0; y < image.height(); y++) {
        for (int x = 0; x < image.width(); x++) {
          out[c * plane + y * image.width() + x] =
              (image.at(y, x, rgb) / 255f - mean[rgb]) / std[rgb];
        }
      }
    }
    return out;
  }

  static void requireCoco(DatasetDefinition dataset) {
    if (dataset.format() != DatasetFormat.COCO_JSON) {
      throw new IllegalArgumentException(
          "Detection trains on datasets of format "
              + DatasetFormat.COCO_JSON
              + "; dataset '"
              + dataset.name()
              + "' is "
              + dataset.format());
    }
  }

  private static int scaled(int value, double scale, int floor) {
    return (int) Math.max(floor, Math.round(value * scale));
  }

  private static int roundUp(int value, int divisor) {
    return (value + divisor - 1) / divisor * divisor;
  }
}
