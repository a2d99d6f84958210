package org.normlab.ml.detection.coco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CocoJsonTest {

  @TempDir Path dir;

  @Test
  void readsAllThreeMaskFormsAndWritesThemBackUnchanged() throws Exception {
    CocoDataset golden = CocoEvaluatorGoldenTest.read("instances_golden.json",
        in -> CocoJson.readDataset(in, "golden"));
    assertThat(golden.annotations()).extracting(a -> a.segmentation().getClass().getSimpleName()
        + (a.segmentation() instanceof Segmentation.RleMask r && r.compressed() ? "+compressed" : ""))
        .contains("Polygons", "RleMask", "RleMask+compressed");
    assertThat(golden.annotations()).anyMatch(CocoAnnotation::crowd);

    Path file = dir.resolve("annotations/instances_copy.json");
    CocoJson.writeDataset(golden, file);
    CocoDataset again = CocoJson.readDataset(file);

    assertThat(again.images()).isEqualTo(golden.images());
    assertThat(again.categories()).isEqualTo(golden.categories());
    for (int i = 0; i < golden.annotations().size(); i++) {
      CocoAnnotation a = golden.annotations().get(i);
      CocoAnnotation b = again.annotations().get(i);
      CocoImage image = golden.image(a.imageId());
      assertThat(b).usingRecursiveComparison().ignoringFields("segmentation").isEqualTo(a);
      assertThat(b.segmentation().toRle(image.height(), image.width()))
          .isEqualTo(a.segmentation().toRle(image.height(), image.width()));
    }
  }

  @Test
  void resultsRoundTripWithBoxesAndCompressedMasks() {
    Rle mask = Rle.fromBox(new Box(2, 3, 4, 5), 10, 12);
    List<Detection> results = List.of(
        new Detection(1, 2, new Box(1.5, 2, 3, 4), .75, null),
        new Detection(1, 3, null, .5, new Segmentation.RleMask(mask, true)));
    Path file = dir.resolve("results.json");

    CocoJson.writeResults(results, file);
    List<Detection> again = CocoJson.readResults(file);

    assertThat(again.get(0)).isEqualTo(results.get(0));
    assertThat(again.get(1).segmentation()).isEqualTo(results.get(1).segmentation());
    assertThat(again.get(1).score()).isEqualTo(.5);
  }

  @Test
  void aShortBoxIsReportedWithItsPath() {
    assertThatThrownBy(() -> dataset(annotation("\"bbox\":[1,2,3]")))
        .isInstanceOf(CocoFormatException.class)
        .hasMessageContaining("test.json: annotations[0].bbox must be 4 numbers [x,y,width,height]");
  }

  @Test
  void aMissingImageIdIsReportedWithItsPath() {
    assertThatThrownBy(() -> dataset("{\"id\":1,\"category_id\":1,\"bbox\":[0,0,1,1],\"area\":1}"))
        .hasMessageContaining("annotations[0].image_id must be an integer, got nothing");
  }

  @Test
  void iscrowdMustBeZeroOrOne() {
    assertThatThrownBy(() -> dataset(annotation("\"bbox\":[0,0,1,1],\"iscrowd\":2")))
        .hasMessageContaining("annotations[0].iscrowd must be 0 or 1, got 2");
  }

  @Test
  void rleCountsThatDoNotCoverTheMaskAreRejected() {
    assertThatThrownBy(() -> dataset(annotation(
        "\"bbox\":[0,0,1,1],\"segmentation\":{\"size\":[2,2],\"counts\":[1,2]}")))
        .hasMessageContaining("annotations[0].segmentation.counts must be runs covering size 2x2")
        .hasMessageContaining("counts sum to 3");
  }

  @Test
  void aBadCompressedStringIsRejected() {
    assertThatThrownBy(() -> dataset(annotation(
        "\"bbox\":[0,0,1,1],\"segmentation\":{\"size\":[2,2],\"counts\":\"~\"}")))
        .hasMessageContaining("annotations[0].segmentation.counts");
  }

  @Test
  void aPolygonNeedsThreePoints() {
    assertThatThrownBy(() -> dataset(annotation("\"bbox\":[0,0,1,1],\"segmentation\":[[1,2,3,4]]")))
        .hasMessageContaining("annotations[0].segmentation[0] must be a polygon");
  }

  @Test
  void resultsMustBeAnArray() {
    assertThatThrownBy(() -> CocoJson.readResults(stream("{}"), "res.json"))
        .hasMessageContaining("res.json: the top level must be an array of results");
  }

  @Test
  void notJsonAtAllIsAFormatError() {
    assertThatThrownBy(() -> CocoJson.readResults(stream("[{"), "res.json"))
        .isInstanceOf(CocoFormatException.class).hasMessageStartingWith("res.json: not valid JSON");
  }

  private static String annotation(String fields) {
    return "{\"id\":1,\"image_id\":1,\"category_id\":1,\"area\":1," + fields + "}";
  }

  private static CocoDataset dataset(String annotation) {
    String json = "{\"images\":[{\"id\":1,\"file_name\":\"a.png\",\"width\":4,\"height\":4}],"
        + "\"categories\":[{\"id\":1,\"name\":\"a\"}],\"annotations\":[" + annotation + "]}";
    return CocoJson.readDataset(stream(json), "test.json");
  }

  private static ByteArrayInputStream stream(String json) {
    return new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
  }
}
