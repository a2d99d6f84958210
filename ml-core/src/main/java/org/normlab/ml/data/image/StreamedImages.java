package org.normlab.ml.data.image;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.normlab.ml.data.BatchAssembler.Batch;
import org.normlab.ml.data.DatasetDefinition;
import org.normlab.ml.data.DatasetNotFoundException;
import org.normlab.ml.data.EpochSampler;
import org.normlab.ml.data.Split;
import org.normlab.ml.data.TrainingBatches;
import org.normlab.ml.data.transform.ImagePipeline;

/**
 * Opens the splits of streamed formats (ImageNet folders, RecordIO) and turns them into batches:
 * read, decode and transform on decoder threads ({@link ImageBatchStream}), assembled into tensors
 * on the caller's thread.
 */
public final class StreamedImages {

  private StreamedImages() {}

  /**
   * The encoded images of one split.
   *
   * @throws DatasetNotFoundException when the split's files are not at the dataset's location
   * @throws IllegalArgumentException for a format that is not streamed, or a definition whose images
   *     are not 3-channel squares (the pipelines crop squares)
   */
  public static EncodedImages open(DatasetDefinition definition, Split split) {
    if (!definition.format().streamed()) {
      throw new IllegalArgumentException(definition.format() + " is held in memory, not streamed");
    }
    if (definition.channels() != 3 || definition.height() != definition.width()) {
      throw new IllegalArgumentException(
          "dataset '" + definition.name() + "' must declare 3 channels and a square input size for its"
              + " image pipelines, got " + definition.channels() + "x" + definition.height() + "x"
              + definition.width());
    }
    List<Path> files =
        definition.format().files(split).stream().map(definition.location()::resolve).toList();
    for (Path file : files) {
      if (!Files.exists(file)) {
        throw new DatasetNotFoundException(definition, file);
      }
    }
    return switch (definition.format()) {
      case IMAGENET_FOLDER ->
          ImageFolderImages.open(
              definition.location(), definition.format().files(split).get(0), definition.numClasses());
      case MXNET_RECORDIO -> RecordIoImages.open(files.get(0), files.get(1), definition.numClasses());
      default -> throw new IllegalArgumentException("No streamed reader for " + definition.format());
    };
  }

  /**
   * Training batches of {@code sampler}'s order for iterations {@code 0 .. totalIterations-1}, each
   * sample transformed by {@code pipeline} with a generator from (seed, epoch, index); corrupt
   * samples are replaced (see {@link SampleLoader}). Closing the batches closes {@code images}.
   */
  public static TrainingBatches training(
      EncodedImages images,
      DatasetDefinition definition,
      ImagePipeline pipeline,
      EpochSampler sampler,
      long seed,
      long totalIterations,
      int threads,
      int prefetch) {
    SampleLoader samples =
        new SampleLoader(images, ImageDecoders.defaultDecoder(), pipeline, seed, sampleSize(definition), true);
    ImageBatchStream.Plan plan =
        new ImageBatchStream.Plan() {
          @Override
          public long batches() {
            return totalIterations;
          }

          @Override
          public int[] indices(long batch) {
            return sampler.batchAt(sampler.positionOf(batch));
          }

          @Override
          public int epoch(long batch) {
            return sampler.positionOf(batch).epoch();
          }
        };
    ImageBatchStream stream = new ImageBatchStream(samples, plan, threads, prefetch);
    return new TrainingBatches() {
      private long skipped;

      @Override
      public Batch next(NDManager scope, long iteration) {
        DecodedBatch decoded = stream.take(iteration);
        skipped += decoded.skipped();
        return toTensors(scope, decoded, definition);
      }

      @Override
      public Long skippedImages() {
        return skipped;
      }

      @Override
      public void close() {
        stream.close();
        closeQuietly(images);
      }
    };
  }

  /**
   * Sequential batches of {@code batchSize} over the whole split (the last one shorter), for
   * evaluation: corrupt samples are left out, not replaced.
   */
  public static ImageBatchStream sequential(
      EncodedImages images,
      DatasetDefinition definition,
      ImagePipeline pipeline,
      int batchSize,
      int threads,
      int prefetch) {
    SampleLoader samples =
        new SampleLoader(images, ImageDecoders.defaultDecoder(), pipeline, 0, sampleSize(definition), false);
    long batches = (images.size() + batchSize - 1) / batchSize;
    return new ImageBatchStream(
        samples,
        new ImageBatchStream.Plan() {
          @Override
          public long batches() {
            return batches;
          }

          @Override
          public int[] indices(long batch) {
            int from = Math.toIntExact(batch * batchSize);
            int count = Math.min(batchSize, images.size() - from);
            int[] indices = new int[count];
            for (int i = 0; i < count; i++) {
              indices[i] = from + i;
            }
            return indices;
          }

          @Override
          public int epoch(long batch) {
            return 0;
          }
        },
        threads,
        prefetch);
  }

  /** A decoded batch as (N, 3, H, W) float32 images and int64 labels on {@code scope}. */
  public static Batch toTensors(NDManager scope, DecodedBatch decoded, DatasetDefinition definition) {
    Shape shape = new Shape(decoded.count(), 3, definition.height(), definition.width());
    return new Batch(
        scope.create(FloatBuffer.wrap(decoded.pixels()), shape), scope.create(decoded.labels()));
  }

  private static int sampleSize(DatasetDefinition definition) {
    return 3 * definition.height() * definition.width();
  }

  private static void closeQuietly(EncodedImages images) {
    try {
      images.close();
    } catch (java.io.IOException e) {
      // read-only files: nothing to lose
    }
  }
}
