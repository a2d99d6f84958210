package org.normlab.ml.detection.model;

import java.util.List;
import org.normlab.contracts.model.NormSpec;
import org.normlab.ml.backbone.ImageShape;

/** Small detectors that train on a loaded CPU in seconds. */
final class TinyDetectors {

  static final int IMAGE_SIDE = 128;

  private TinyDetectors() {}

  /** resnet10 of width 8, FPN 16, heads 16 / 32, anchors 8..128, 128 x 128 images, few RoIs. */
  static MaskRcnnConfig config(String backbone, int numCategories) {
    return new MaskRcnnConfig(
        backbone,
        8,
        numCategories,
        new ImageShape(3, IMAGE_SIDE, IMAGE_SIDE),
        16,
        16,
        32,
        RpnSettings.paper()
            .withAnchorSizes(List.of(8, 16, 32, 64, 128))
            .withTopN(300, 100, 100, 50)
            .withBatchSizePerImage(64),
        // 16 RoIs per image, half of them foreground at most: the few foreground RoIs of a scene
        // (its gt boxes and the proposals on them) weigh enough to overfit in a few dozen steps.
        new RoiSettings(16, 0.5, 0.5, 0.05, 0.5, 100, 7, 14, 2, 0.5));
  }

  static MaskRcnn create(String backbone, String norm, int numCategories) {
    return create(backbone, norm, numCategories, 2);
  }

  /** Steps of {@code images} images, normalized together. */
  static MaskRcnn create(String backbone, String norm, int numCategories, int images) {
    return MaskRcnn.create(
        config(backbone, numCategories),
        DetectionNorms.of(NormSpec.parse(norm), images, images),
        7L);
  }
}
