package org.normlab.ml.detection.coco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normlab.ml.data.transform.RgbImage;

class SyntheticCocoTest {

  @TempDir Path dir;

  @Test
  void theSameSeedWritesTheSameBytes() throws Exception {
    SyntheticCoco.write(dir.resolve("a"), "train", 7, SyntheticCoco.Options.small(4));
    SyntheticCoco.write(dir.resolve("b"), "train", 7, SyntheticCoco.Options.small(4));
    SyntheticCoco.write(dir.resolve("c"), "train", 8, SyntheticCoco.Options.small(4));

    String json = "annotations/instances_train.json";
    assertThat(bytes("a/" + json)).isEqualTo(bytes("b/" + json));
    assertThat(bytes("a/train/000003.png")).isEqualTo(bytes("b/train/000003.png"));
    assertThat(bytes("a/" + json)).isNotEqualTo(bytes("c/" + json));
  }

  @Test
  void writesAReadableCocoSplitWithPolygonsCrowdsAndVaryingSizes() {
    CocoDataset written =
        SyntheticCoco.write(dir, "val", 3, new SyntheticCoco.Options(12, 80, 200, 5, 0.5));
    CocoDataset read = CocoJson.readDataset(dir.resolve("annotations/instances_val.json"));

    assertThat(read.images()).isEqualTo(written.images());
    assertThat(read.images().stream().map(i -> i.width() + "x" + i.height()).collect(Collectors.toSet()))
        .hasSizeGreaterThan(6);
    assertThat(read.categories()).extracting(CocoCategory::name)
        .containsExactly("rectangle", "ellipse", "triangle");
    assertThat(read.annotations()).filteredOn(CocoAnnotation::crowd).isNotEmpty()
        .allMatch(a -> a.segmentation() instanceof Segmentation.RleMask);
    assertThat(read.annotations()).filteredOn(a -> !a.crowd()).hasSizeGreaterThan(20)
        .allMatch(a -> a.segmentation() instanceof Segmentation.Polygons);
    assertThat(read.annotations()).extracting(CocoAnnotation::categoryId).contains(1L, 2L, 3L);
  }

  @Test
  void everyMaskIsPaintedInItsCategorysColour() {
    SyntheticCoco.write(dir, "train", 11, SyntheticCoco.Options.small(6));
    CocoDetectionData data = CocoDetectionData.open(dir, "train", false);
    int checked = 0;
    for (int i = 0; i < data.size(); i++) {
      DetectionSample sample = data.get(i);
      List<Rle> masks = sample.maskRles();
      for (int k = 0; k < masks.size(); k++) {
        double[] mean = meanColour(sample.image(), masks.get(k));
        int dominant = mean[0] > mean[1] && mean[0] > mean[2] ? 0 : mean[1] > mean[2] ? 1 : 2;
        // rectangle red, ellipse green, triangle blue: label l has dominant channel l-1
        assertThat(dominant).as("image %d instance %d mean %s", sample.imageId(), k, mean)
            .isEqualTo(sample.labels()[k] - 1);
        checked++;
      }
    }
    assertThat(checked).isGreaterThan(6);
  }

  @Test
  void groundTruthScoredAsDetectionsGetsFullBoxAndMaskAp() {
    CocoDataset gt = SyntheticCoco.write(dir, "val", 5, new SyntheticCoco.Options(8, 96, 200, 5, 0.5));
    List<Detection> perfect = gt.annotations().stream().filter(a -> !a.crowd())
        .map(a -> new Detection(a.imageId(), a.categoryId(), a.bbox(), 1, a.segmentation())).toList();

    assertThat(CocoEvaluator.evaluate(gt, perfect, IouType.BBOX).ap()).isCloseTo(1, within(1e-12));
    assertThat(CocoEvaluator.evaluate(gt, perfect, IouType.SEGM).ap()).isCloseTo(1, within(1e-12));
  }

  private byte[] bytes(String file) throws Exception {
    return Files.readAllBytes(dir.resolve(file));
  }

  private static double[] meanColour(RgbImage image, Rle mask) {
    boolean[] pixels = mask.decode();
    double[] sum = new double[3];
    int n = 0;
    for (int p = 0; p < pixels.length; p++) {
      if (pixels[p]) {
        for (int c = 0; c < 3; c++) {
          sum[c] += image.pixels()[p * 3 + c] & 0xff;
        }
        n++;
      }
    }
    return new double[] {sum[0] / n, sum[1] / n, sum[2] / n};
  }
}
