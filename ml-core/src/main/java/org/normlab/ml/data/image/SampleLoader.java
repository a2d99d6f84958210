package org.normlab.ml.data.image;

import java.io.IOException;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.normlab.ml.Seeds;
import org.normlab.ml.data.transform.ImagePipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads, decodes and transforms one sample. Every random choice of the pipeline comes from a
 * generator seeded by (seed, epoch, index) alone, so a sample's tensor does not depend on which
 * thread made it or when.
 *
 * <p>A corrupt or unreadable sample is skipped and counted. In training ({@code substitute}) its slot is filled
 * by another sample of the split, drawn from (seed, epoch, index, attempt), so batches keep their
 * size (normalization groups and replica shards stay whole) and stay deterministic; in evaluation
 * the slot stays empty. Samples found corrupt are remembered and not decoded again.
 */
public final class SampleLoader {

  private static final Logger log = LoggerFactory.getLogger(SampleLoader.class);

  /** Substitutes tried before the split is declared unusable. */
  static final int MAX_SUBSTITUTES = 32;

  private final EncodedImages images;
  private final ImageDecoder decoder;
  private final ImagePipeline pipeline;
  private final long seed;
  private final boolean substitute;
  private final int outputSize;
  private final Set<Integer> corrupt = ConcurrentHashMap.newKeySet();

  /**
   * @param outputSize floats the pipeline returns per sample (3 x size x size)
   * @param substitute fill a corrupt sample's slot with another sample (training) or leave it out
   */
  public SampleLoader(
      EncodedImages images,
      ImageDecoder decoder,
      ImagePipeline pipeline,
      long seed,
      int outputSize,
      boolean substitute) {
    this.images = images;
    this.decoder = decoder;
    this.pipeline = pipeline;
    this.seed = seed;
    this.outputSize = outputSize;
    this.substitute = substitute;
  }

  /** A loaded sample: its pixels and label (null pixels when it was left out) and how many were skipped. */
  public record Sample(float[] pixels, int label, int skipped) {}

  public int outputSize() {
    return outputSize;
  }

  public EncodedImages images() {
    return images;
  }

  /**
   * The sample at {@code index} of epoch {@code epoch}, or its substitute.
   *
   * @throws IllegalStateException when {@link #MAX_SUBSTITUTES} substitutes in a row are corrupt
   *     or unreadable
   */
  public Sample load(int epoch, int index) {
    long sampleSeed = Seeds.derive(Seeds.derive(seed, "augment", epoch), "sample", index);
    int current = index;
    SplittableRandom substitutes = null;
    for (int attempt = 0; attempt <= MAX_SUBSTITUTES; attempt++) {
      float[] pixels = null;
      int label = -1;
      if (!corrupt.contains(current)) {
        try {
          EncodedImage encoded = images.read(current);
          try (LazyImage image = decoder.open(encoded.bytes())) {
            // The augmentation stream belongs to the slot: a substitute is augmented as the original would be.
            pixels = pipeline.apply(image, new SplittableRandom(sampleSeed));
          }
          label = encoded.label();
          if (pixels.length != outputSize) {
            throw new IllegalStateException(
                "pipeline returned " + pixels.length + " values, expected " + outputSize);
          }
        } catch (CorruptImageException | CorruptImageRuntimeException e) {
          if (corrupt.add(current)) {
            log.warn("Skipping corrupt image {}: {}", images.describe(current), e.getMessage());
          }
        } catch (IOException e) {
          // One unreadable file is skipped like a corrupt one; a dataset that is gone altogether
          // fails below once MAX_SUBSTITUTES in a row could not be read.
          if (corrupt.add(current)) {
            log.warn("Skipping unreadable image {}: {}", images.describe(current), e.toString());
          }
        } catch (RuntimeException e) {
          // A decoder or transform that chokes on odd bytes is the image's fault, not the run's.
          if (corrupt.add(current)) {
            log.warn("Skipping unreadable image {}: {}", images.describe(current), e.toString());
          }
        }
      }
      if (pixels != null) {
        return new Sample(pixels, label, attempt);
      }
      if (!substitute) {
        return new Sample(null, -1, 1);
      }
      if (substitutes == null) {
        substitutes = new SplittableRandom(Seeds.derive(sampleSeed, "substitute", 0));
      }
      current = substitutes.nextInt(images.size());
    }
    throw new IllegalStateException(
        MAX_SUBSTITUTES
            + " substitutes in a row for "
            + images.describe(index)
            + " were corrupt or unreadable too; "
            + corrupt.size()
            + " corrupt images seen so far in "
            + images);
  }
}
