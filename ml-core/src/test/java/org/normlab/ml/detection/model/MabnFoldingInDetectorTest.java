package org.normlab.ml.detection.model;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.normlab.ml.norm.MabnFolding;

class MabnFoldingInDetectorTest {

  @Test
  void foldingEveryCenConvMabnPairLeavesPyramidAndHeadOutputsUnchanged() {
    try (MaskRcnn model = TinyDetectors.create("resnet10", "mabn", 3);
        NDManager scope = model.manager().newSubManager()) {
      // Non-trivial inference affines: MABN's running variance and affine away from 1 and 0.
      model.state().forEach(
          (key, parameter) -> {
            if (key.endsWith("running_var")) {
              parameter.getArray().muli(2.5f);
            }
          });
      NDArray images = scope.randomNormal(new Shape(2, 3, 128, 128));
      NDArray rois = scope.randomNormal(new Shape(3, 16, 7, 7));
      NDArray maskRois = scope.randomNormal(new Shape(3, 16, 14, 14));
      NDList before = model.features(images, false);
      NDList boxBefore = model.modules().boxHead().forward(model.store(), new NDList(rois), false);
      NDList maskBefore =
          model.modules().maskHead().forward(model.store(), new NDList(maskRois), false);

      int folded = MabnFolding.fold(model.block());

      // resnet10: stem, 4 basic blocks x 2 convolutions, 3 downsamples; FPN 8; box 4; mask 4.
      assertThat(folded).isEqualTo(1 + 4 * 2 + 3 + 8 + 4 + 4);
      NDList after = model.features(images, false);
      for (int level = 0; level < before.size(); level++) {
        assertThat(after.get(level).allClose(before.get(level), 1e-4, 1e-4, false))
            .as("P%d", level + 2)
            .isTrue();
      }
      NDList boxAfter = model.modules().boxHead().forward(model.store(), new NDList(rois), false);
      NDList maskAfter =
          model.modules().maskHead().forward(model.store(), new NDList(maskRois), false);
      assertThat(boxAfter.get(0).allClose(boxBefore.get(0), 1e-4, 1e-4, false)).isTrue();
      assertThat(maskAfter.get(0).allClose(maskBefore.get(0), 1e-4, 1e-4, false)).isTrue();
    }
  }
}
