package org.normlab.ml.detection.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.normlab.ml.nn.Autograd;
import org.normlab.ml.nn.DjlRuntime;
import org.normlab.ml.nn.Torch;
import org.normlab.ml.testing.Golden;
import tools.jackson.databind.JsonNode;

/**
 * Level assignment, pooled values and every level's feature gradient against torchvision's
 * MultiScaleRoIAlign (P2..P5, 3x3, sampling ratio 2) on two images whose boxes span all levels.
 */
class MultiScaleRoiAlignTest {

  private static final JsonNode GOLDEN = Golden.load("detection/ops.json").get("multiScale");

  @BeforeAll
  static void engine() {
    DjlRuntime.engine();
  }

  private static List<NDArray> features(NDManager manager) {
    List<NDArray> maps = new ArrayList<>();
    for (int k = 0; k < 4; k++) {
      maps.add(
          manager.create(
              Golden.floats(GOLDEN.get("features").get(k)),
              new Shape(Golden.longs(GOLDEN.get("featureShapes").get(k)))));
    }
    return maps;
  }

  private static List<NDArray> boxes(NDManager manager) {
    List<NDArray> boxes = new ArrayList<>();
    for (JsonNode image : GOLDEN.get("boxesPerImage")) {
      float[] flat = Golden.floats(image);
      boxes.add(manager.create(flat, new Shape(flat.length / 4, 4)));
    }
    return boxes;
  }

  @Test
  void levelsFollowTorchvisionsMapperIncludingTheCanonicalAndHalfCanonicalBoxes() {
    LevelMapper mapper = new LevelMapper(2, 5);
    List<Integer> levels = new ArrayList<>();
    for (JsonNode image : GOLDEN.get("boxesPerImage")) {
      for (int level : mapper.levels(Golden.floats(image))) {
        levels.add(level);
      }
    }
    assertThat(levels).containsExactlyElementsOf(toList(Golden.longs(GOLDEN.get("levels"))));
    assertThat(levels).contains(2, 3, 4, 5);
    assertThat(mapper.level(0, 0, 224, 224)).isEqualTo(4);
    assertThat(mapper.level(0, 0, 112, 112)).isEqualTo(3);
    assertThat(mapper.level(0, 0, 2000, 2000)).isEqualTo(5);
    assertThat(mapper.level(5, 5, 5, 5)).isEqualTo(2);
  }

  @Test
  void pooledValuesAndEveryLevelsGradientMatchTorchvision() {
    try (NDManager manager = NDManager.newBaseManager()) {
      List<NDArray> features = features(manager);
      features.forEach(f -> f.setRequiresGradient(true));
      MultiScaleRoiAlign pooler = new MultiScaleRoiAlign(2, 5, 3, 3, 2, false);
      NDArray out;
      try (Autograd tape = Autograd.record()) {
        out = pooler.forward(features, boxes(manager));
        NDArray upstream = manager.create(Golden.floats(GOLDEN.get("upstream")), out.getShape());
        Torch.backward(out.mul(upstream).sum());
      }
      assertThat(out.getShape()).isEqualTo(new Shape(16, 2, 3, 3));
      assertThat(Golden.maxAbsDiff(out.toFloatArray(), Golden.floats(GOLDEN.get("output"))))
          .isLessThan(1e-5);
      for (int k = 0; k < 4; k++) {
        assertThat(
                Golden.maxAbsDiff(
                    features.get(k).getGradient().toFloatArray(),
                    Golden.floats(GOLDEN.get("inputGrads").get(k))))
            .as("level P%d", k + 2)
            .isLessThan(1e-5);
      }
    }
  }

  @Test
  void perLevelResultsAreFreed() {
    try (NDManager manager = NDManager.newBaseManager()) {
      List<NDArray> features = features(manager);
      List<NDArray> boxes = boxes(manager);
      int before = ((BaseNDManager) manager).getManagedArrays().size();
      NDArray out = new MultiScaleRoiAlign(2, 5, 3, 3, 2, false).forward(features, boxes);
      // per level the sample indices and weights (backward reads them), then the reorder index and
      // the result; the per-level results and their concatenation are gone
      assertThat(((BaseNDManager) manager).getManagedArrays())
          .hasSize(before + 4 * 2 + 2)
          .contains(out);
      assertThat(Golden.maxAbsDiff(out.toFloatArray(), Golden.floats(GOLDEN.get("output"))))
          .isLessThan(1e-5);
    }
  }

  @Test
  void imagesWithoutBoxesPoolNothing() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray none = manager.zeros(new Shape(0, 4));
      NDArray out =
          MultiScaleRoiAlign.fpnBoxPooler().forward(features(manager), List.of(none, none));
      assertThat(out.getShape()).isEqualTo(new Shape(0, 2, 7, 7));
    }
  }

  private static List<Integer> toList(long[] values) {
    List<Integer> list = new ArrayList<>();
    for (long v : values) {
      list.add((int) v);
    }
    return list;
  }
}
