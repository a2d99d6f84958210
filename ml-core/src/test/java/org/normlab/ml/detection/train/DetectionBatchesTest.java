package org.normlab.ml.detection.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normlab.ml.data.DatasetDefinition;
import org.normlab.ml.data.DatasetFormat;
import org.normlab.ml.data.EpochSampler;
import org.normlab.ml.detection.coco.CocoDetectionData;
import org.normlab.ml.detection.coco.DetectionSample;
import org.normlab.ml.detection.coco.HorizontalFlip;
import org.normlab.ml.detection.coco.SyntheticCoco;
import org.normlab.ml.detection.model.ImageTarget;
import org.normlab.ml.nn.DjlRuntime;

class DetectionBatchesTest {

  @TempDir static Path data;

  static CocoDetectionData train;
  static DatasetDefinition dataset;

  @BeforeAll
  static void generate() {
    SyntheticCoco.write(data, "train", 4, new SyntheticCoco.Options(6, 64, 120, 3, 0.3));
    train = CocoDetectionData.open(data, "train", true);
    dataset = new DatasetDefinition("shapes", DatasetFormat.COCO_JSON, data, 3, 3, 64, 96);
  }

  private static DetectionBatches batches(long seed) {
    return new DetectionBatches(train, dataset, new EpochSampler(train.size(), 2, seed), seed);
  }

  @Test
  void eachImageFlipsByItsOwnSeededDrawPerEpochAndTheSameDrawRepeats() {
    DetectionSample plain =
        DetectionSetup.resize(dataset).apply(train.get(0), new SplittableRandom(0));
    DetectionSample mirrored = HorizontalFlip.flip(plain);
    DetectionBatches a = batches(9);
    DetectionBatches b = batches(9);
    int flipped = 0;
    for (int epoch = 0; epoch < 12; epoch++) {
      DetectionSample seen = a.transformed(epoch, 0);
      assertThat(b.transformed(epoch, 0).image().pixels()).isEqualTo(seen.image().pixels());
      if (Arrays.equals(seen.image().pixels(), mirrored.image().pixels())) {
        flipped++;
        assertThat(seen.boxes()).isEqualTo(mirrored.boxes());
      } else {
        assertThat(seen.image().pixels()).isEqualTo(plain.image().pixels());
        assertThat(seen.boxes()).isEqualTo(plain.boxes());
      }
    }
    // Flipped in some epochs and not in others (both happen with probability 1 - 2^-11).
    assertThat(flipped).isBetween(1, 11);
  }

  @Test
  void imagesAreResizedToTheRangeAndPaddedToMultiplesOf32WithTheirTargets() {
    DjlRuntime.engine();
    DetectionBatches batches = batches(3);
    try (NDManager manager = NDManager.newBaseManager()) {
      for (long iteration = 0; iteration < 3; iteration++) {
        DetectionBatches.StepInput input = batches.at(manager, iteration);
        long h = input.images().images().getShape().get(2);
        long w = input.images().images().getShape().get(3);
        assertThat(h % 32).isZero();
        assertThat(w % 32).isZero();
        assertThat(input.images().sizes()).hasSize(2).allSatisfy(size -> {
          assertThat(Math.min(size.height(), size.width())).isLessThanOrEqualTo(64);
          assertThat(Math.max(size.height(), size.width())).isLessThanOrEqualTo(96);
          assertThat(size.height()).isLessThanOrEqualTo((int) h);
          assertThat(size.width()).isLessThanOrEqualTo((int) w);
        });
        for (int i = 0; i < 2; i++) {
          ImageTarget target = input.targets().get(i);
          int height = input.images().sizes().get(i).height();
          int width = input.images().sizes().get(i).width();
          for (int k = 0; k < target.count(); k++) {
            float[] box = target.boxes();
            assertThat(box[4 * k]).isGreaterThanOrEqualTo(0f).isLessThan(box[4 * k + 2]);
            assertThat(box[4 * k + 3]).isLessThanOrEqualTo((float) height);
            assertThat(box[4 * k + 2]).isLessThanOrEqualTo((float) width);
            assertThat(target.masks().get(k).height()).isEqualTo(height);
            assertThat(target.masks().get(k).area()).isPositive();
          }
        }
        // The same iteration gives the same batch, bit for bit.
        assertThat(batches(3).at(manager, iteration).images().images().toFloatArray())
            .isEqualTo(input.images().images().toFloatArray());
      }
    }
  }

  @Test
  void inputIsBgrMinusTheMaskrcnnBenchmarkPixelMean() {
    org.normlab.ml.data.transform.RgbImage pixel =
        new org.normlab.ml.data.transform.RgbImage(1, 1, new byte[] {(byte) 200, 100, 50});
    float[] chw = DetectionSetup.input(pixel, dataset);
    assertThat(chw[0]).isCloseTo(50 - 102.9801f, org.assertj.core.data.Offset.offset(1e-3f));
    assertThat(chw[1]).isCloseTo(100 - 115.9465f, org.assertj.core.data.Offset.offset(1e-3f));
    assertThat(chw[2]).isCloseTo(200 - 122.7717f, org.assertj.core.data.Offset.offset(1e-3f));
  }
}
