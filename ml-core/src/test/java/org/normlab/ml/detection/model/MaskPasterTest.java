package org.normlab.ml.detection.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MaskPasterTest {

  @Test
  void aFullMaskCoversItsBoxWithTheOnePixelPasteConvention() {
    // Box [2, 2, 10, 10], M = 4: padded 6x6 map, box x 1.5 -> [0, 0, 12, 12], resized to 13 x 13.
    // Output pixel i samples s = (i + 0.5) * 6 / 13 - 0.5; along one axis the value exceeds 0.5
    // for i = 2 .. 10 only, and is 0.654 at i = 2 and 10, so those four corners hold
    // 0.654^2 = 0.43 and stay background: 9 x 9 - 4 = 77 pixels.
    float[] ones = new float[16];
    Arrays.fill(ones, 1f);
    BinaryMask mask =
        MaskPaster.paste(ones, 4, new float[] {2, 2, 10, 10}, 0, new ImageSize(16, 16), 0.5);

    assertThat(mask.area()).isEqualTo(77);
    assertThat(mask.get(2, 5)).isTrue();
    assertThat(mask.get(10, 6)).isTrue();
    assertThat(mask.get(2, 2)).isFalse();
    assertThat(mask.get(10, 10)).isFalse();
    assertThat(mask.get(1, 5)).isFalse();
    assertThat(mask.get(5, 11)).isFalse();
  }

  @Test
  void aMaskOverhangingTheImageIsClippedToIt() {
    float[] ones = new float[28 * 28];
    Arrays.fill(ones, 1f);
    BinaryMask mask =
        MaskPaster.paste(ones, 28, new float[] {-10, 20, 15, 50}, 0, new ImageSize(40, 30), 0.5);

    assertThat(mask.height()).isEqualTo(40);
    assertThat(mask.width()).isEqualTo(30);
    assertThat(mask.get(30, 0)).isTrue();
    assertThat(mask.get(30, 20)).isFalse();
    assertThat(mask.get(10, 5)).isFalse();
  }

  @Test
  void lowProbabilitiesPasteNothing() {
    float[] low = new float[28 * 28];
    Arrays.fill(low, 0.4f);
    BinaryMask mask =
        MaskPaster.paste(low, 28, new float[] {5, 5, 25, 25}, 0, new ImageSize(32, 32), 0.5);

    assertThat(mask.area()).isZero();
  }
}
