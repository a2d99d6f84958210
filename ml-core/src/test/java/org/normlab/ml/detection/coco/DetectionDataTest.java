package org.normlab.ml.detection.coco;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normlab.ml.data.transform.RgbImage;

class DetectionDataTest {

  @TempDir Path dir;

  @Test
  void readerLeavesCrowdsOutAndMapsCategoriesToContiguousLabels() {
    CocoDataset written = SyntheticCoco.write(dir, "train", 3, new SyntheticCoco.Options(10, 80, 160, 4, 0.6));
    CocoDetectionData data = CocoDetectionData.open(dir, "train", true);

    long nonCrowd = written.annotations().stream().filter(a -> !a.crowd()).count();
    long read = 0;
    for (int i = 0; i < data.size(); i++) {
      DetectionSample s = data.get(i);
      CocoImage info = written.image(s.imageId());
      assertThat(s.image().height()).isEqualTo(info.height());
      assertThat(s.image().width()).isEqualTo(info.width());
      assertThat(s.masks()).allMatch(m -> m instanceof Segmentation.Polygons);
      assertThat(java.util.Arrays.stream(s.labels()).boxed().toList()).allMatch(l -> l >= 1 && l <= 3);
      read += s.boxes().size();
    }
    assertThat(read).isEqualTo(nonCrowd);
    assertThat(data.classes()).isEqualTo(3);
    assertThat(data.categoryOf(data.labelOf(2))).isEqualTo(2);
  }

  @Test
  void resizeFollowsMaskrcnnBenchmarkSizes() {
    // shorter side to 800 unless the longer would pass 1333 (COCO's 640x480 -> 1066x800)
    assertThat(ResizeToRange.targetSize(480, 640, 800, 1333)).containsExactly(800, 1066);
    // 1000x200: 800 would make the long side 4000; size = round(1333*200/1000) = 267
    assertThat(ResizeToRange.targetSize(200, 1000, 800, 1333)).containsExactly(267, 1335);
    assertThat(ResizeToRange.targetSize(800, 600, 600, 1000)).containsExactly(800, 600);
    // capped size round(5*1/2) = round(2.5) = 2 as Python rounds (half to even), not 3
    assertThat(ResizeToRange.targetSize(1, 2, 8, 5)).containsExactly(2, 4);
  }

  @Test
  void resizeScalesImageBoxesAndMasksTogether() {
    DetectionSample sample = square(60, 80, new Box(10, 20, 20, 10));
    DetectionSample resized = new ResizeToRange(120, 1000).apply(sample, new SplittableRandom(1));

    assertThat(resized.image().height()).isEqualTo(120);
    assertThat(resized.image().width()).isEqualTo(160);
    assertThat(resized.boxes().get(0)).isEqualTo(new Box(20, 40, 40, 20));
    Rle mask = resized.maskRles().get(0);
    assertThat(mask.toBox()).isEqualTo(new Box(20, 40, 40, 20));
    assertThat(mask.area()).isEqualTo(800);
  }

  @Test
  void flipMirrorsImageBoxesPolygonsAndRleMasks() {
    DetectionSample sample = square(40, 50, new Box(5, 10, 12, 8));
    Rle rle = Rle.fromBox(new Box(30, 2, 6, 4), 40, 50);
    sample = new DetectionSample(1, sample.image(), List.of(sample.boxes().get(0), new Box(30, 2, 6, 4)),
        new int[] {1, 2}, List.of(sample.masks().get(0), new Segmentation.RleMask(rle, false)));

    DetectionSample flipped = HorizontalFlip.flip(sample);

    assertThat(flipped.boxes()).containsExactly(new Box(33, 10, 12, 8), new Box(14, 2, 6, 4));
    assertThat(flipped.maskRles().get(0)).isEqualTo(rle(40, 50, 33, 10, 12, 8));
    assertThat(flipped.maskRles().get(1)).isEqualTo(rle(40, 50, 14, 2, 6, 4));
    assertThat(flipped.image().at(12, 50 - 1 - 6, 0)).isEqualTo(sample.image().at(12, 6, 0));
    assertThat(HorizontalFlip.flip(flipped).boxes()).isEqualTo(sample.boxes());
  }

  @Test
  void flipWithProbabilityZeroKeepsTheSample() {
    DetectionSample sample = square(10, 10, new Box(1, 1, 2, 2));
    assertThat(new HorizontalFlip(0).apply(sample, new SplittableRandom(3))).isSameAs(sample);
  }

  @Test
  void clippingTrimsBoxesToTheImageAndDropsEmptyOnes() {
    DetectionSample sample = square(20, 30, new Box(-5, 2, 10, 30));
    sample = new DetectionSample(1, sample.image(), List.of(sample.boxes().get(0), new Box(31, 0, 4, 4),
        new Box(3, 4, 5, 6)), new int[] {1, 2, 3}, List.of(sample.masks().get(0), sample.masks().get(0),
        sample.masks().get(0)));

    DetectionSample clipped = sample.clipToImage();

    assertThat(clipped.boxes()).containsExactly(new Box(0, 2, 5, 18), new Box(3, 4, 5, 6));
    assertThat(clipped.labels()).containsExactly(1, 3);
    assertThat(clipped.masks()).hasSize(2);
  }

  @Test
  void paddingRoundsTheBatchUpToMultiplesOf32AndKeepsPixelsInPlace() {
    float[] a = filled(3 * 40 * 50, 1);
    float[] b = filled(3 * 70 * 20, 2);
    PaddedBatch batch = PaddedBatch.pad(List.of(a, b), 3, new int[] {40, 70}, new int[] {50, 20}, 32);

    assertThat(batch.height()).isEqualTo(96);
    assertThat(batch.width()).isEqualTo(64);
    assertThat(batch.data()).hasSize(2 * 3 * 96 * 64);
    int plane = 96 * 64;
    assertThat(batch.data()[2 * plane + 39 * 64 + 49]).isEqualTo(1); // image 0, channel 2, last pixel
    assertThat(batch.data()[2 * plane + 39 * 64 + 50]).isEqualTo(0); // right of it: padding
    assertThat(batch.data()[2 * plane + 40 * 64]).isEqualTo(0); // below it: padding
    assertThat(batch.data()[(3 + 1) * plane + 69 * 64 + 19]).isEqualTo(2); // image 1, channel 1
    assertThat(batch.imageHeights()).containsExactly(40, 70);
  }

  @Test
  void resizedSyntheticBoxesStillFrameTheirMasks() {
    SyntheticCoco.write(dir, "train", 9, SyntheticCoco.Options.small(3));
    CocoDetectionData data = CocoDetectionData.open(dir, "train", true);
    DetectionTransform train = new ResizeToRange(new int[] {200, 240}, 400).then(new HorizontalFlip(1));
    DetectionSample s = train.apply(data.get(0), new SplittableRandom(4));
    List<Rle> masks = s.maskRles();
    for (int i = 0; i < masks.size(); i++) {
      Box box = s.boxes().get(i);
      Box maskBox = masks.get(i).toBox();
      assertThat(maskBox.x()).isCloseTo(box.x(), within(2.5));
      assertThat(maskBox.x2()).isCloseTo(box.x2(), within(2.5));
      assertThat(maskBox.y2()).isCloseTo(box.y2(), within(2.5));
    }
  }

  private static Rle rle(int h, int w, int x0, int y0, int bw, int bh) {
    boolean[] mask = new boolean[h * w];
    for (int y = y0; y < y0 + bh; y++) {
      for (int x = x0; x < x0 + bw; x++) {
        mask[y * w + x] = true;
      }
    }
    return Rle.encode(mask, h, w);
  }

  /** An image of a gradient, with one box instance whose polygon is the box. */
  private static DetectionSample square(int h, int w, Box box) {
    byte[] pixels = new byte[h * w * 3];
    for (int i = 0; i < h * w; i++) {
      pixels[i * 3] = (byte) (i % 251);
    }
    return new DetectionSample(1, new RgbImage(h, w, pixels), List.of(box), new int[] {1},
        List.of(new Segmentation.Polygons(List.of(box.toPolygon()))));
  }

  private static float[] filled(int n, float v) {
    float[] out = new float[n];
    java.util.Arrays.fill(out, v);
    return out;
  }
}
