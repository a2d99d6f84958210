package org.normlab.ml.data.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * torchvision's {@code resized_crop} on PIL images (Pillow 9.4's antialiased bilinear), shrinking
 * and enlarging, square and not: byte for byte.
 */
class PilBilinearTest {

  static Stream<JsonNode> cases() {
    return StreamSupport.stream(TestImages.GOLDEN.get("pilResizedCrop").spliterator(), false);
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("cases")
  void cropThenResizeMatchesPillowExactly(JsonNode expected) {
    RgbImage image = TestImages.pattern(97, 131);
    CropBox box =
        new CropBox(
            expected.get("top").asInt(),
            expected.get("left").asInt(),
            expected.get("height").asInt(),
            expected.get("width").asInt());
    int size = expected.get("size").asInt();

    RgbImage out = PilBilinear.resize(image.crop(box), size, size);

    assertThat(out.height()).isEqualTo(size);
    assertThat(TestImages.unsigned(out)).isEqualTo(TestImages.ints(expected.get("output")));
  }

  @Test
  void theSameSizeIsTheSameImage() {
    RgbImage image = TestImages.pattern(9, 7);
    assertThat(PilBilinear.resize(image, 7, 9).pixels()).isEqualTo(image.pixels());
  }
}
