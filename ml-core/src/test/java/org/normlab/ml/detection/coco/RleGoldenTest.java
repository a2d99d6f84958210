package org.normlab.ml.detection.coco;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.normlab.ml.testing.Golden;
import tools.jackson.databind.JsonNode;

/**
 * RLE operations against pycocotools 2.0.11 (src/test/python/make_golden_coco.py): compressed
 * strings must be identical character for character, IoUs equal to the last bit (the same double
 * arithmetic in the same order).
 */
class RleGoldenTest {

  private static final JsonNode GOLDEN = Golden.load("coco/rle_golden.json");

  @Test
  void encodesRowMajorMasksToPycocotoolsStrings() {
    for (JsonNode c : GOLDEN.get("masks")) {
      int h = c.get("height").asInt();
      int w = c.get("width").asInt();
      Rle rle = Rle.encode(rowMajor(c.get("rowMajor").asString()), h, w);
      assertThat(rle.toCompressedString()).as("mask %dx%d", h, w).isEqualTo(c.get("compressed").asString());
    }
  }

  @Test
  void decodesPycocotoolsStringsBackToTheRowMajorMask() {
    for (JsonNode c : GOLDEN.get("masks")) {
      int h = c.get("height").asInt();
      int w = c.get("width").asInt();
      Rle rle = Rle.fromCompressedString(c.get("compressed").asString(), h, w);
      assertThat(rle.decode()).isEqualTo(rowMajor(c.get("rowMajor").asString()));
    }
  }

  @Test
  void areaAndBoxMatchPycocotools() {
    for (JsonNode c : GOLDEN.get("masks")) {
      Rle rle = Rle.fromCompressedString(c.get("compressed").asString(), c.get("height").asInt(),
          c.get("width").asInt());
      assertThat(rle.area()).isEqualTo(c.get("area").asLong());
      assertThat(rle.toBox().toArray()).containsExactly(doubles(c.get("bbox")));
    }
  }

  @Test
  void rasterizesPolygonsExactlyAsFrPyObjects() {
    int checked = 0;
    for (JsonNode c : GOLDEN.get("polygons")) {
      Rle rle = Rle.fromPolygons(List.of(doubles(c.get("polygon"))), c.get("height").asInt(),
          c.get("width").asInt());
      assertThat(rle.toCompressedString()).as("polygon %s", c.get("polygon"))
          .isEqualTo(c.get("compressed").asString());
      checked++;
    }
    assertThat(checked).isEqualTo(44);
  }

  @Test
  void rasterizesBoxesExactlyAsFrBbox() {
    for (JsonNode c : GOLDEN.get("boxes")) {
      double[] b = doubles(c.get("box"));
      Rle rle = Rle.fromBox(new Box(b[0], b[1], b[2], b[3]), c.get("height").asInt(), c.get("width").asInt());
      assertThat(rle.toCompressedString()).as("box %s", c.get("box")).isEqualTo(c.get("compressed").asString());
    }
  }

  @Test
  void mergesUnionAndIntersectionAsPycocotools() {
    for (JsonNode c : GOLDEN.get("merges")) {
      List<Rle> masks = new ArrayList<>();
      c.get("masks").forEach(m -> masks.add(Rle.fromCompressedString(m.asString(), c.get("height").asInt(),
          c.get("width").asInt())));
      assertThat(Rle.union(masks).toCompressedString()).isEqualTo(c.get("union").asString());
      assertThat(Rle.intersection(masks).toCompressedString()).isEqualTo(c.get("intersection").asString());
    }
  }

  @Test
  void maskIouWithCrowdRuleEqualsPycocotools() {
    JsonNode c = GOLDEN.get("maskIou");
    int h = c.get("height").asInt();
    int w = c.get("width").asInt();
    JsonNode expected = c.get("iou");
    for (int d = 0; d < c.get("detections").size(); d++) {
      Rle dt = Rle.fromCompressedString(c.get("detections").get(d).asString(), h, w);
      for (int g = 0; g < c.get("groundTruths").size(); g++) {
        Rle gt = Rle.fromCompressedString(c.get("groundTruths").get(g).asString(), h, w);
        boolean crowd = c.get("crowd").get(g).asInt() == 1;
        assertThat(Iou.masks(dt, gt, crowd)).as("dt %d gt %d", d, g)
            .isEqualTo(expected.get(d).get(g).asDouble());
      }
    }
  }

  @Test
  void boxIouWithCrowdRuleEqualsPycocotools() {
    JsonNode c = GOLDEN.get("boxIou");
    JsonNode expected = c.get("iou");
    for (int d = 0; d < c.get("detections").size(); d++) {
      for (int g = 0; g < c.get("groundTruths").size(); g++) {
        boolean crowd = c.get("crowd").get(g).asInt() == 1;
        assertThat(Iou.boxes(box(c.get("detections").get(d)), box(c.get("groundTruths").get(g)), crowd))
            .as("dt %d gt %d", d, g).isEqualTo(expected.get(d).get(g).asDouble());
      }
    }
  }

  static boolean[] rowMajor(String bits) {
    boolean[] mask = new boolean[bits.length()];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = bits.charAt(i) == '1';
    }
    return mask;
  }

  static double[] doubles(JsonNode array) {
    double[] out = new double[array.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = array.get(i).asDouble();
    }
    return out;
  }

  private static Box box(JsonNode array) {
    double[] b = doubles(array);
    return new Box(b[0], b[1], b[2], b[3]);
  }
}
