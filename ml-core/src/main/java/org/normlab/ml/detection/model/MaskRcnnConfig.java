package org.normlab.ml.detection.model;

import java.util.Objects;
import org.normlab.ml.backbone.ImageShape;

/**
 * What a Mask R-CNN is made of, apart from its norms ({@link DetectionNorms}).
 *
 * @param backbone a registered backbone of the ResNet family ({@code resnet50}, {@code
 *     resnet50_ibn_a}, ...)
 * @param baseWidth channels of the backbone's first stage (64 in the papers)
 * @param numCategories object categories, without the background (80 for COCO)
 * @param maxImage the largest (padded) input; its size only chooses the backbone's stem and must
 *     exceed 64 px so that the stem downsamples and C2..C5 have strides 4..32
 * @param fpnChannels channels of every pyramid level (256)
 * @param headChannels channels of the heads' 3x3 convolutions (256)
 * @param representation width of the box head's {@code fc6} (1024)
 * @param rpn the proposal network's settings
 * @param roi the RoI heads' settings
 */
public record MaskRcnnConfig(
    String backbone,
    int baseWidth,
    int numCategories,
    ImageShape maxImage,
    int fpnChannels,
    int headChannels,
    int representation,
    RpnSettings rpn,
    RoiSettings roi) {

  public MaskRcnnConfig {
    Objects.requireNonNull(backbone, "backbone");
    Objects.requireNonNull(maxImage, "maxImage");
    Objects.requireNonNull(rpn, "rpn");
    Objects.requireNonNull(roi, "roi");
    if (baseWidth < 1 || numCategories < 1 || fpnChannels < 1 || headChannels < 1
        || representation < 1) {
      throw new IllegalArgumentException(
          "baseWidth, numCategories, fpnChannels, headChannels and representation must be >= 1");
    }
    if (rpn.anchorSizes().size() != 5) {
      throw new IllegalArgumentException(
          "FPN anchors need one size per level P2..P6 (5), got " + rpn.anchorSizes());
    }
  }

  /**
   * The published R-50-FPN setting (seeds-spec F.3): ResNet-50, width 64, FPN 256, 4conv1fc head
   * 256 / 1024, maskrcnn-benchmark's RPN and RoI defaults, images up to 1333 x 1333.
   */
  public static MaskRcnnConfig paper(int numCategories) {
    return new MaskRcnnConfig(
        "resnet50",
        64,
        numCategories,
        new ImageShape(3, 1344, 1344),
        256,
        256,
        1024,
        RpnSettings.paper(),
        RoiSettings.paper());
  }

  /** Classes the heads predict: the categories plus background (class 0). */
  public int numClasses() {
    return numCategories + 1;
  }
}
