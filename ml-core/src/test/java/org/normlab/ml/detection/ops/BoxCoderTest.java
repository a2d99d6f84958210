package org.normlab.ml.detection.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.normlab.ml.nn.DjlRuntime;
import org.normlab.ml.testing.Golden;
import tools.jackson.databind.JsonNode;

/** Encode and decode against torchvision's BoxCoder, for the box head's and the RPN's weights. */
class BoxCoderTest {

  private static final JsonNode CASES = Golden.load("detection/ops.json").get("coder");

  @BeforeAll
  static void engine() {
    DjlRuntime.engine();
  }

  private static BoxCoder coder(JsonNode c) {
    float[] w = Golden.floats(c.get("weights"));
    return new BoxCoder(w[0], w[1], w[2], w[3]);
  }

  private static NDArray array(NDManager manager, JsonNode values, long columns) {
    float[] flat = Golden.floats(values);
    return manager.create(flat, new Shape(flat.length / columns, columns));
  }

  @Test
  void encodeMatchesTorchvisionForBothWeightings() {
    for (JsonNode c : CASES) {
      try (NDManager manager = NDManager.newBaseManager()) {
        NDArray targets =
            coder(c).encode(array(manager, c.get("gt"), 4), array(manager, c.get("proposals"), 4));
        assertThat(Golden.maxAbsDiff(targets.toFloatArray(), Golden.floats(c.get("targets"))))
            .as("weights %s", c.get("weights"))
            .isLessThan(1e-5);
      }
    }
  }

  @Test
  void decodeMatchesTorchvisionWithSeveralBoxesPerReferenceAndClampsLargeScales() {
    for (JsonNode c : CASES) {
      try (NDManager manager = NDManager.newBaseManager()) {
        NDArray decoded =
            coder(c)
                .decode(array(manager, c.get("codes"), 12), array(manager, c.get("proposals"), 4));
        assertThat(decoded.getShape()).isEqualTo(new Shape(6, 12));
        float[] expected = Golden.floats(c.get("decoded"));
        float[] actual = decoded.toFloatArray();
        for (int i = 0; i < expected.length; i++) {
          // relative: clamped boxes are up to 1000/16 times their reference
          assertThat(Math.abs(actual[i] - expected[i]))
              .as("weights %s element %d", c.get("weights"), i)
              .isLessThanOrEqualTo(1e-5f * Math.max(1f, Math.abs(expected[i])));
        }
      }
    }
  }

  @Test
  void decodingTheEncodedTargetsGivesTheMatchedBoxesBack() {
    JsonNode c = CASES.get(0);
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray gt = array(manager, c.get("gt"), 4);
      NDArray proposals = array(manager, c.get("proposals"), 4);
      NDArray roundTrip =
          BoxCoder.BOX_HEAD.decode(BoxCoder.BOX_HEAD.encode(gt, proposals), proposals);
      assertThat(Golden.maxAbsDiff(roundTrip.toFloatArray(), gt.toFloatArray())).isLessThan(1e-4);
    }
  }

  @Test
  void noBoxesEncodeAndDecodeToNoBoxes() {
    try (NDManager manager = NDManager.newBaseManager()) {
      NDArray none = manager.zeros(new Shape(0, 4));
      assertThat(BoxCoder.RPN.encode(none, none).getShape()).isEqualTo(new Shape(0, 4));
      assertThat(BoxCoder.BOX_HEAD.decode(manager.zeros(new Shape(0, 8)), none).getShape())
          .isEqualTo(new Shape(0, 8));
    }
  }

  @Test
  void theClampIsLogOfThousandOverSixteen() {
    assertThat(BoxCoder.RPN.scaleClamp()).isEqualTo(Math.log(1000.0 / 16));
    assertThat(BoxCoder.BOX_HEAD.weights()).containsExactly(10f, 10f, 5f, 5f);
    assertThat(BoxCoder.RPN.weights()).containsExactly(1f, 1f, 1f, 1f);
  }
}
