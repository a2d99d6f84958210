package org.normlab.ml.detection.coco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RleTest {

  // 2 rows x 3 columns, row-major:  1 0 1
  //                                 1 0 0
  private static final boolean[] MASK = {true, false, true, true, false, false};

  @Test
  void runsAreColumnMajorStartingWithZeros() {
    Rle rle = Rle.encode(MASK, 2, 3);
    // column-major pixels: 1 1 | 0 0 | 1 0  -> runs 0,2,2,1,1
    assertThat(rle.counts()).containsExactly(0, 2, 2, 1, 1);
    assertThat(rle.decode()).containsExactly(MASK);
  }

  @Test
  void areaAndBoxOfASmallMask() {
    Rle rle = Rle.encode(MASK, 2, 3);
    assertThat(rle.area()).isEqualTo(3);
    assertThat(rle.toBox()).isEqualTo(new Box(0, 0, 3, 2));
  }

  @Test
  void emptyMaskHasZeroBox() {
    Rle rle = Rle.encode(new boolean[12], 3, 4);
    assertThat(rle.counts()).containsExactly(12);
    assertThat(rle.toBox()).isEqualTo(new Box(0, 0, 0, 0));
  }

  @Test
  void flippingMirrorsColumns() {
    Rle flipped = Rle.encode(MASK, 2, 3).flipHorizontal();
    assertThat(flipped.decode()).containsExactly(true, false, true, false, false, true);
  }

  @Test
  void unionAndIntersection() {
    Rle a = Rle.encode(MASK, 2, 3);
    Rle b = Rle.encode(new boolean[] {false, true, true, false, false, false}, 2, 3);
    assertThat(Rle.union(List.of(a, b)).decode()).containsExactly(true, true, true, true, false, false);
    assertThat(Rle.intersection(List.of(a, b)).decode())
        .containsExactly(false, false, true, false, false, false);
  }

  @Test
  void compressedStringRoundTripsLargeAndNegativeDeltas() {
    int[] counts = {5, 100000, 3, 2, 99990};
    Rle rle = Rle.of(1, 200000, counts);
    assertThat(Rle.fromCompressedString(rle.toCompressedString(), 1, 200000)).isEqualTo(rle);
  }

  @Test
  void rejectsCountsNotCoveringTheMask() {
    assertThatThrownBy(() -> Rle.of(2, 2, new int[] {1, 2}))
        .hasMessageContaining("counts sum to 3 but the mask is 2x2 = 4 pixels");
  }

  @Test
  void crowdIouDividesByTheDetectionArea() {
    Box crowd = new Box(0, 0, 100, 100);
    Box inside = new Box(10, 10, 10, 10);
    assertThat(Iou.boxes(inside, crowd, true)).isEqualTo(1.0);
    assertThat(Iou.boxes(inside, crowd, false)).isEqualTo(0.01);
  }
}
