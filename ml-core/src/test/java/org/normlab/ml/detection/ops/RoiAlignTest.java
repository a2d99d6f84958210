package org.normlab.ml.detection.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.normlab.ml.nn.Autograd;
import org.normlab.ml.nn.DjlRuntime;
import org.normlab.ml.nn.Torch;
import org.normlab.ml.testing.Golden;
import tools.jackson.databind.JsonNode;

/**
 * Forward and feature gradient against torchvision.ops.roi_align (0.14, CPU, float32), for
 * aligned false and true, sampling ratio 2 and adaptive, on RoIs inside, beyond, on and smaller
 * than the map's pixels, and degenerate ones.
 */
class RoiAlignTest {

  private static final JsonNode GOLDEN = Golden.load("detection/ops.json").get("roiAlign");

  @BeforeAll
  static void engine() {
    DjlRuntime.engine();
  }

  private static NDArray features(NDManager manager) {
    return manager.create(
        Golden.floats(GOLDEN.get("features")), new Shape(Golden.longs(GOLDEN.get("featureShape"))));
  }

  private static NDArray rois(NDManager manager) {
    float[] flat = Golden.floats(GOLDEN.get("rois"));
    return manager.create(flat, new Shape(flat.length / 5, 5));
  }

  private static RoiAlign op(JsonNode c) {
    return new RoiAlign(
        c.get("outputHeight").asInt(),
        c.get("outputWidth").asInt(),
        (float) c.get("spatialScale").asDouble(),
        c.get("samplingRatio").asInt(),
        c.get("aligned").asBoolean());
  }

  private static String describe(JsonNode c) {
    return "aligned=" + c.get("aligned") + " samplingRatio=" + c.get("samplingRatio") + " output="
        + c.get("outputHeight") + "x" + c.get("outputWidth");
  }

  @Test
  void forwardMatchesTorchvisionInEveryMode() {
    for (JsonNode c : GOLDEN.get("cases")) {
      try (NDManager manager = NDManager.newBaseManager()) {
        NDArray out = op(c).forward(features(manager), rois(manager));
        assertThat(out.getShape())
            .isEqualTo(new Shape(12, 3, c.get("outputHeight").asInt(), c.get("outputWidth").asInt()));
        assertThat(Golden.maxAbsDiff(out.toFloatArray(), Golden.floats(c.get("output"))))
            .as(describe(c))
            .isLessThan(1e-5);
      }
    }
  }

  @Test
  void featureGradientMatchesTorchvisionInEveryMode() {
    for (JsonNode c : GOLDEN.get("cases")) {
      try (NDManager manager = NDManager.newBaseManager()) {
        NDArray features = features(manager);
        features.setRequiresGradient(true);
        NDArray out = op(c).forward(features, rois(manager));
        NDArray upstream = manager.create(Golden.floats(c.get("upstream")), out.getShape());
        try (Autograd tape = Autograd.record()) {
          NDArray again = op(c).forward(features, rois(manager));
          Torch.backward(again.mul(upstream).sum());
        }
        assertThat(
                Golden.maxAbsDiff(
                    features.getGradient().toFloatArray(), Golden.floats(c.get("inputGrad"))))
            .as(describe(c))
            .isLessThan(1e-5);
      }
    }
  }

  @Test
  void boxesPerImageGiveTheSameResultAsBatchIndexedRois() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray features = features(manager);
      NDArray first = manager.create(new float[] {2, 3, 14, 11, 0, 0, 26, 20}, new Shape(2, 4));
      NDArray second = manager.create(new float[] {1.5f, 0.25f, 25, 6}, new Shape(1, 4));
      NDArray rois =
          manager.create(
              new float[] {0, 2, 3, 14, 11, 0, 0, 0, 26, 20, 1, 1.5f, 0.25f, 25, 6}, new Shape(3, 5));
      RoiAlign op = new RoiAlign(7, 7, 0.5f, 2, false);
      assertThat(RoiAlign.rois(List.of(first, second)).toFloatArray())
          .containsExactly(rois.toFloatArray());
      assertThat(op.forward(features, List.of(first, second)).toFloatArray())
          .containsExactly(op.forward(features, rois).toFloatArray());
    }
  }

  @Test
  void noRoisGiveAnEmptyBatch() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray out = new RoiAlign(7, 7, 0.25f, 2, false).forward(features(manager), new float[0]);
      assertThat(out.getShape()).isEqualTo(new Shape(0, 3, 7, 7));
    }
  }

  @Test
  void aRoiOfAMissingImageIsRefused() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray rois = manager.create(new float[] {2, 0, 0, 4, 4}, new Shape(1, 5));
      assertThatThrownBy(() -> new RoiAlign(2, 2, 1f, 2, false).forward(features(manager), rois))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("batch index 2.0")
          .hasMessageContaining("hold 2");
    }
  }
}
