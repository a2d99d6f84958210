package org.normlab.ml.data.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** MABN's LighteningJitter, recomputed in numpy with the same alpha: equal bytes. */
class PcaLightingTest {

  static Stream<JsonNode> cases() {
    return StreamSupport.stream(
        TestImages.GOLDEN.get("lighting").get("cases").spliterator(), false);
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("cases")
  void matchesMabnsNumpyLighting(JsonNode expected) {
    JsonNode a = expected.get("alpha");
    double[] alpha = {a.get(0).asDouble(), a.get(1).asDouble(), a.get(2).asDouble()};

    RgbImage out = PcaLighting.apply(TestImages.pattern(12, 10), alpha);

    assertThat(TestImages.unsigned(out)).isEqualTo(TestImages.ints(expected.get("output")));
  }

  @Test
  void stdZeroLeavesTheImageAsItWas() {
    RgbImage image = TestImages.pattern(12, 10);
    assertThat(new PcaLighting(0).apply(image, new SplittableRandom(1)).pixels())
        .isEqualTo(image.pixels());
  }
}
