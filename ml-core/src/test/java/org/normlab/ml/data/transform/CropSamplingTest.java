package org.normlab.ml.data.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The crop samplers stay within the definitions they copy, and fall back as those do. */
class CropSamplingTest {

  @Test
  void randomResizedCropsFitTheImageWithinAreaAndRatioBounds() {
    SplittableRandom random = new SplittableRandom(42);
    for (int i = 0; i < 2000; i++) {
      CropBox box = RandomResizedCrop.IMAGENET.sample(375, 500, random);
      assertThat(box.top()).isBetween(0, 375 - box.height());
      assertThat(box.left()).isBetween(0, 500 - box.width());
      double area = (double) box.height() * box.width() / (375 * 500);
      assertThat(area).isBetween(0.07, 1.0);
      double ratio = (double) box.width() / box.height();
      // Rounding each side to whole pixels bends the ratio a little at small crops.
      assertThat(ratio).isBetween(0.75 * 0.9, 4.0 / 3 / 0.9);
    }
  }

  @Test
  void randomResizedCropFallsBackToTheCentredWholeImageClampedToTheRatio() {
    // Nothing in [3/4, 4/3] fits a 10 x 1000 strip, so all ten tries fail.
    CropBox box = RandomResizedCrop.IMAGENET.sample(10, 1000, new SplittableRandom(1));
    assertThat(box).isEqualTo(new CropBox(0, (1000 - 13) / 2, 10, 13));
  }

  @Test
  void squareCropsAreSquareAndOverhangOnlyWhenNoTryFits() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 2000; i++) {
      CropBox box = SquareRandomCrop.MABN.sample(300, 400, random);
      assertThat(box.height()).isEqualTo(box.width());
      assertThat(box.top()).isBetween(0, 300 - box.height());
      assertThat(box.left()).isBetween(0, 400 - box.width());
    }
    // A 10 x 1000 strip cannot hold the square of any area fraction above 1%: pad.
    CropBox overhang = SquareRandomCrop.MABN.sample(10, 1000, new SplittableRandom(3));
    assertThat(overhang.height()).isGreaterThan(10);
    assertThat(overhang.top()).isBetween(10 - overhang.height(), 0);
  }

  @Test
  void anOverhangingCropIsPaddedWithBlack() {
    RgbImage image = TestImages.pattern(4, 4);
    RgbImage crop = image.crop(new CropBox(-1, 2, 3, 3));
    assertThat(crop.at(0, 0, 0)).isZero();
    assertThat(crop.at(1, 0, 1)).isEqualTo(image.at(0, 2, 1));
    assertThat(crop.at(1, 2, 2)).isZero();
  }
}
