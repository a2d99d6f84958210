package org.normlab.ml.detection.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

class MaskTargetsTest {

  @Test
  void aHalfFilledRoiAveragesItsSamplesBilinearlyAsRoiAlignDoes() {
    // 8x8, left half foreground; RoI = the whole image, 2x2 target: 4x4 samples per bin at
    // x = 0.5 .. 3.5 (left) and 4.5 .. 7.5 (right). x = 3.5 interpolates pixels 3 (1) and 4 (0).
    boolean[] pixels = new boolean[64];
    for (int y = 0; y < 8; y++) {
      for (int x = 0; x < 4; x++) {
        pixels[y * 8 + x] = true;
      }
    }
    float[] target =
        MaskTargets.project(new BinaryMask(8, 8, pixels), new float[] {0, 0, 8, 8}, 0, 2);

    assertThat(target[0]).isCloseTo(0.875f, Offset.offset(1e-6f));
    assertThat(target[1]).isCloseTo(0f, Offset.offset(1e-6f));
    assertThat(target[2]).isCloseTo(0.875f, Offset.offset(1e-6f));
    assertThat(target[3]).isCloseTo(0f, Offset.offset(1e-6f));
  }

  @Test
  void anRoiInsideTheObjectIsAllForegroundAndOneOutsideTheImageIsEmpty() {
    boolean[] pixels = new boolean[32 * 32];
    java.util.Arrays.fill(pixels, true);
    BinaryMask full = new BinaryMask(32, 32, pixels);
    float[] boxes = {4, 6, 20, 30, 40, 40, 60, 60};

    for (float inside : MaskTargets.project(full, boxes, 0, 28)) {
      assertThat(inside).isCloseTo(1f, Offset.offset(1e-6f));
    }
    assertThat(MaskTargets.project(full, boxes, 1, 28)).containsOnly(0f);
  }
}
