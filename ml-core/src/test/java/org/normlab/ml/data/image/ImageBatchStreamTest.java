package org.normlab.ml.data.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.normlab.contracts.run.Augmentation;
import org.normlab.ml.data.DatasetDefinition;
import org.normlab.ml.data.EpochSampler;
import org.normlab.ml.data.Split;
import org.normlab.ml.data.TrainingBatches;
import org.normlab.ml.data.transform.ImagePipeline;
import org.normlab.ml.data.transform.ImagePipelines;
import org.normlab.contracts.run.ValidationTransform;

/**
 * The streamed train split of a generated ImageNet-layout set: 4 classes x 10 JPEGs plus a
 * truncated JPEG and a garbage file, 42 samples, batches of 6 at 32 x 32 with IBN-Net's
 * augmentation.
 */
class ImageBatchStreamTest {

  @TempDir static Path root;
  private static DatasetDefinition folder;

  private static final int BATCH = 6;
  private static final int SIZE = 32;

  @BeforeAll
  static void writeDataset() {
    folder = TestImageSets.imageFolder(root.resolve("folder"), "folder", 10, 2, SIZE);
  }

  @Test
  void batchesAreBitwiseTheSameWithOneOrFourDecoderThreads() {
    List<DecodedBatch> one = decode(1, 14);
    List<DecodedBatch> four = decode(4, 14);

    for (int b = 0; b < one.size(); b++) {
      assertThat(four.get(b).pixels()).as("batch " + b).isEqualTo(one.get(b).pixels());
      assertThat(four.get(b).labels()).isEqualTo(one.get(b).labels());
    }
    // Different epochs augment the same image differently: epoch 0 and 1 are not copies.
    assertThat(one.get(0).pixels()).isNotEqualTo(one.get(7).pixels());
  }

  @Test
  void corruptImagesAreSkippedCountedAndReplacedSoBatchesStayFull() {
    List<DecodedBatch> batches = decode(2, 14); // two epochs of 7 batches over 42 samples
    long skipped = batches.stream().mapToLong(DecodedBatch::skipped).sum();

    assertThat(batches).allMatch(b -> b.count() == BATCH && b.labels().length == BATCH);
    // Each epoch visits both corrupt files once, plus any corrupt substitute; the substitutes are
    // drawn from the seed, so the count does not depend on the thread count.
    assertThat(skipped).isGreaterThanOrEqualTo(2 * TestImageSets.CORRUPT_IN_TRAIN);
    assertThat(decode(1, 14).stream().mapToLong(DecodedBatch::skipped).sum()).isEqualTo(skipped);
  }

  @Test
  void takingABatchOutOfOrderRestartsThereWithTheSameContent() {
    List<DecodedBatch> streamed = decode(2, 10);
    try (EncodedImages images = StreamedImages.open(folder, Split.TRAIN);
        ImageBatchStream stream = stream(images, 2)) {
      DecodedBatch resumed = stream.take(8);
      assertThat(resumed.pixels()).isEqualTo(streamed.get(8).pixels());
      assertThat(stream.take(9).labels()).isEqualTo(streamed.get(9).labels());
      assertThat(stream.take(3).pixels()).isEqualTo(streamed.get(3).pixels());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void evaluationLeavesCorruptImagesOutAndCountsThem() throws Exception {
    ImagePipeline validation = ImagePipelines.validation(ValidationTransform.IBN_NET, SIZE);
    try (EncodedImages images = StreamedImages.open(folder, Split.TRAIN);
        ImageBatchStream stream = StreamedImages.sequential(images, folder, validation, 8, 3, 2)) {
      int kept = 0;
      int skipped = 0;
      List<Long> labels = new ArrayList<>();
      for (long b = 0; b < 6; b++) { // 42 samples in batches of 8: 5 full, 1 of 2
        DecodedBatch batch = stream.take(b);
        kept += batch.count();
        skipped += batch.skipped();
        for (long label : batch.labels()) {
          labels.add(label);
        }
      }
      assertThat(kept).isEqualTo(40);
      assertThat(skipped).isEqualTo(TestImageSets.CORRUPT_IN_TRAIN);
      assertThat(labels).filteredOn(l -> l == 0).hasSize(10);
      assertThat(labels).filteredOn(l -> l == 1).hasSize(10);
    }
  }

  @Test
  void trainingBatchesReportTheRunningSkipCount() {
    EpochSampler sampler = new EpochSampler(42, BATCH, 5);
    try (TrainingBatches batches =
            StreamedImages.training(
                StreamedImages.open(folder, Split.TRAIN),
                folder,
                ImagePipelines.train(Augmentation.IBN_NET, SIZE),
                sampler,
                5,
                7,
                2,
                3);
        ai.djl.ndarray.NDManager manager = ai.djl.ndarray.NDManager.newBaseManager()) {
      for (long i = 0; i < 7; i++) {
        var batch = batches.next(manager, i);
        assertThat(batch.images().getShape().getShape()).containsExactly(BATCH, 3, SIZE, SIZE);
      }
      assertThat(batches.skippedImages()).isGreaterThanOrEqualTo(TestImageSets.CORRUPT_IN_TRAIN);
    }
  }

  private static List<DecodedBatch> decode(int threads, int count) {
    List<DecodedBatch> batches = new ArrayList<>();
    try (EncodedImages images = StreamedImages.open(folder, Split.TRAIN);
        ImageBatchStream stream = stream(images, threads)) {
      for (long b = 0; b < count; b++) {
        batches.add(stream.take(b));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return batches;
  }

  private static ImageBatchStream stream(EncodedImages images, int threads) {
    EpochSampler sampler = new EpochSampler(images.size(), BATCH, 5);
    SampleLoader samples =
        new SampleLoader(
            images,
            ImageDecoders.defaultDecoder(),
            ImagePipelines.train(Augmentation.IBN_NET, SIZE),
            5,
            3 * SIZE * SIZE,
            true);
    return new ImageBatchStream(
        samples,
        new ImageBatchStream.Plan() {
          @Override
          public long batches() {
            return 100;
          }

          @Override
          public int[] indices(long batch) {
            return sampler.batchAt(sampler.positionOf(batch));
          }

          @Override
          public int epoch(long batch) {
            return sampler.positionOf(batch).epoch();
          }
        },
        threads,
        3);
  }
}
