package org.normlab.ml.detection.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.normlab.ml.nn.DjlRuntime;
import org.normlab.ml.testing.Golden;
import tools.jackson.databind.JsonNode;

/**
 * Matches against torchvision's det_utils.Matcher for the RPN's (0.7, 0.3, low-quality matches on
 * and off) and the box head's (0.5, 0.5) settings, on IoUs with values exactly at both thresholds,
 * ties between gts, and a gt whose best (tiny) IoU two predictions share.
 */
class MatcherTest {

  private static final JsonNode CASES = Golden.load("detection/ops.json").get("matcher");

  @BeforeAll
  static void engine() {
    DjlRuntime.engine();
  }

  @Test
  void matchesEqualTorchvisionsInEverySetting() {
    for (JsonNode c : CASES) {
      try (NDManager manager = NDManager.newBaseManager()) {
        NDArray quality =
            manager.create(
                Golden.floats(c.get("quality")),
                new Shape(c.get("gts").asLong(), c.get("preds").asLong()));
        Matcher matcher =
            new Matcher(
                c.get("high").asDouble(),
                c.get("low").asDouble(),
                c.get("allowLowQuality").asBoolean());
        assertThat(matcher.match(quality).toLongArray())
            .as("%s", matcher)
            .containsExactly(Golden.longs(c.get("matches")));
      }
    }
  }

  @Test
  void lowQualityMatchesGiveEveryGtItsBestPredictionsEvenBelowTheLowThreshold() {
    // gt 1's best IoU is 0.1, reached by predictions 0 and 2; prediction 1 belongs to gt 0
    float[] quality = {0.05f, 0.9f, 0.0f, 0.1f, 0.0f, 0.1f};
    assertThat(new Matcher(0.7, 0.3, false).match(quality, 2, 3)).containsExactly(-1, 0, -1);
    assertThat(new Matcher(0.7, 0.3, true).match(quality, 2, 3)).containsExactly(1, 0, 1);
  }

  @Test
  void anImageWithoutGroundTruthIsRefusedAsTorchvisionDoes() {
    assertThatThrownBy(() -> new Matcher(0.5, 0.5, false).match(new float[0], 0, 4))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("No ground-truth boxes");
    assertThatThrownBy(() -> new Matcher(0.3, 0.7, false))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
