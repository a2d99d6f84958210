package org.normlab.ml.detection.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.BaseNDManager;
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
 * Forward and feature gradient against torchvision.ops.roi_align (0.14, CPU, float32), for aligned
 * false and true, sampling ratio 2 and adaptive, on RoIs inside, beyond, on and smaller than the
 * map's pixels, and degenerate ones; and on sample points exactly on the borders torchvision tests
 * ({@code y == -1}, {@code y == height}) and just past them.
 */
class RoiAlignTest {

  private static final JsonNode GOLDEN = Golden.load("detection/ops.json").get("roiAlign");

  /** Sample points exactly on, and just past, the -1 / height / width borders. */
  private static final JsonNode EDGES = Golden.load("detection/ops.json").get("roiAlignEdges");

  @BeforeAll
  static void engine() {
    DjlRuntime.engine();
  }

  private static NDArray features(NDManager manager) {
    return features(manager, GOLDEN);
  }

  private static NDArray features(NDManager manager, JsonNode golden) {
    return manager.create(
        Golden.floats(golden.get("features")), new Shape(Golden.longs(golden.get("featureShape"))));
  }

  private static NDArray rois(NDManager manager, JsonNode golden) {
    float[] flat = Golden.floats(golden.get("rois"));
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
    return "aligned="
        + c.get("aligned")
        + " samplingRatio="
        + c.get("samplingRatio")
        + " output="
        + c.get("outputHeight")
        + "x"
        + c.get("outputWidth");
  }

  private static void assertForwardMatches(JsonNode golden) {
    long roiCount = Golden.floats(golden.get("rois")).length / 5;
    long channels = Golden.longs(golden.get("featureShape"))[1];
    for (JsonNode c : golden.get("cases")) {
      try (NDManager manager = NDManager.newBaseManager()) {
        NDArray out = op(c).forward(features(manager, golden), rois(manager, golden));
        assertThat(out.getShape())
            .isEqualTo(
                new Shape(
                    roiCount,
                    channels,
                    c.get("outputHeight").asInt(),
                    c.get("outputWidth").asInt()));
        assertThat(Golden.maxAbsDiff(out.toFloatArray(), Golden.floats(c.get("output"))))
            .as(describe(c))
            .isLessThan(1e-5);
      }
    }
  }

  private static void assertFeatureGradientMatches(JsonNode golden) {
    for (JsonNode c : golden.get("cases")) {
      try (NDManager manager = NDManager.newBaseManager()) {
        NDArray features = features(manager, golden);
        features.setRequiresGradient(true);
        try (Autograd tape = Autograd.record()) {
          NDArray out = op(c).forward(features, rois(manager, golden));
          NDArray upstream = manager.create(Golden.floats(c.get("upstream")), out.getShape());
          Torch.backward(out.mul(upstream).sum());
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
  void forwardMatchesTorchvisionInEveryMode() {
    assertForwardMatches(GOLDEN);
  }

  @Test
  void featureGradientMatchesTorchvisionInEveryMode() {
    assertFeatureGradientMatches(GOLDEN);
  }

  @Test
  void samplesOnTheMapsBordersAreReadOrSkippedAsTorchvisionDoes() {
    assertForwardMatches(EDGES);
    assertFeatureGradientMatches(EDGES);
  }

  @Test
  void boxesPerImageGiveTheSameResultAsBatchIndexedRois() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray features = features(manager);
      NDArray first = manager.create(new float[] {2, 3, 14, 11, 0, 0, 26, 20}, new Shape(2, 4));
      NDArray second = manager.create(new float[] {1.5f, 0.25f, 25, 6}, new Shape(1, 4));
      NDArray rois =
          manager.create(
              new float[] {0, 2, 3, 14, 11, 0, 0, 0, 26, 20, 1, 1.5f, 0.25f, 25, 6},
              new Shape(3, 5));
      RoiAlign op = new RoiAlign(7, 7, 0.5f, 2, false);
      assertThat(RoiAlign.rois(List.of(first, second)).toFloatArray())
          .containsExactly(rois.toFloatArray());
      assertThat(op.forward(features, List.of(first, second)).toFloatArray())
          .containsExactly(op.forward(features, rois).toFloatArray());
    }
  }

  @Test
  void torchsIntermediatesAreFreedAndTheFeaturesStayInTheCallersManager() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray features = features(manager);
      NDArray rois = rois(manager, GOLDEN);
      int before = ((BaseNDManager) manager).getManagedArrays().size();
      NDArray out = new RoiAlign(7, 7, 0.5f, 2, false).forward(features, rois);
      // the result, and the host-built sample indices and weights backward reads; not the
      // transposed map, the gathered samples or the views between them (7 more arrays)
      assertThat(((BaseNDManager) manager).getManagedArrays())
          .hasSize(before + 3)
          .contains(out, features);
      assertThat(features.getManager()).isSameAs(manager);
      assertThat(out.toFloatArray()).hasSize(12 * 3 * 7 * 7);
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
