package org.normlab.ml.detection.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.normlab.ml.nn.DjlRuntime;
import org.normlab.ml.testing.Golden;
import tools.jackson.databind.JsonNode;

/** FPN anchors against torchvision's AnchorGenerator on a 100x132 image with five levels. */
class AnchorGeneratorTest {

  private static final JsonNode GOLDEN = Golden.load("detection/ops.json").get("anchors");

  @BeforeAll
  static void engine() {
    DjlRuntime.engine();
  }

  private static List<long[]> grids() {
    List<long[]> grids = new ArrayList<>();
    for (JsonNode grid : GOLDEN.get("grids")) {
      grids.add(Golden.longs(grid));
    }
    return grids;
  }

  @Test
  void cellAnchorsAreRoundedHalfToEvenAsTorchvisions() {
    AnchorGenerator generator = AnchorGenerator.fpn();
    for (int level = 0; level < 5; level++) {
      assertThat(generator.cellAnchors(level))
          .as("level %d", level)
          .containsExactly(Golden.floats(GOLDEN.get("cellAnchors").get(level)));
    }
    // size 32, ratio 0.5: half-width 32 * sqrt(2) / 2 = 22.6 -> 23, half-height 11.3 -> 11
    assertThat(generator.cellAnchors(0)).startsWith(-23f, -11f, 23f, 11f);
  }

  @Test
  void anchorsOfEveryLocationAndLevelEqualTorchvisions() {
    try (NDManager manager = NDManager.newBaseManager()) {
      AnchorGenerator generator = AnchorGenerator.fpn();
      long height = GOLDEN.get("imageHeight").asLong();
      long width = GOLDEN.get("imageWidth").asLong();
      List<NDArray> perLevel = generator.anchorsPerLevel(manager, height, width, grids());
      long[] counts = Golden.longs(GOLDEN.get("countsPerLevel"));
      for (int level = 0; level < 5; level++) {
        assertThat(perLevel.get(level).getShape()).isEqualTo(new Shape(counts[level], 4));
      }
      NDArray all = generator.anchors(manager, height, width, grids());
      assertThat(all.toFloatArray()).containsExactly(Golden.floats(GOLDEN.get("anchors")));
    }
  }

  @Test
  void threeAnchorsPerLocationOnEachOfFiveLevels() {
    AnchorGenerator generator = AnchorGenerator.fpn();
    assertThat(generator.levels()).isEqualTo(5);
    for (int level = 0; level < 5; level++) {
      assertThat(generator.anchorsPerLocation(level)).isEqualTo(3);
    }
  }
}
