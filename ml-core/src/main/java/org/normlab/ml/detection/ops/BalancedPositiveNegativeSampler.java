package org.normlab.ml.detection.ops;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.normlab.ml.Seeds;

/**
 * Picks the training examples of an image among labelled anchors or proposals, as torchvision's
 * {@code BalancedPositiveNegativeSampler}: up to {@code batchSizePerImage * positiveFraction}
 * positives (label {@code >= 1}), the rest of the batch negatives (label 0), fewer when there are
 * fewer; label -1 (ignored, between thresholds) is never picked. The draw is uniform without
 * replacement, from a stream seeded by {@link Seeds#derive} with the step's seed and the image's
 * index, so it is reproducible and independent of other draws (torchvision uses torch's global
 * generator instead, so the picks themselves differ from its picks).
 */
public record BalancedPositiveNegativeSampler(int batchSizePerImage, double positiveFraction) {

  public BalancedPositiveNegativeSampler {
    if (batchSizePerImage < 1) {
      throw new IllegalArgumentException(
          "batchSizePerImage must be positive, got " + batchSizePerImage);
    }
    if (!(positiveFraction >= 0 && positiveFraction <= 1)) {
      throw new IllegalArgumentException(
          "positiveFraction must be in [0, 1], got " + positiveFraction);
    }
  }

  /** The RPN's: 256 anchors per image, half positive at most. */
  public static BalancedPositiveNegativeSampler rpn() {
    return new BalancedPositiveNegativeSampler(256, 0.5);
  }

  /** The box head's: 512 proposals per image, a quarter positive at most. */
  public static BalancedPositiveNegativeSampler boxHead() {
    return new BalancedPositiveNegativeSampler(512, 0.25);
  }

  /** The picked indices of one image, each ascending. */
  public record Selection(long[] positives, long[] negatives) {

    /** Positives then negatives, as an int64 array (e.g. to gather the examples' losses). */
    public NDArray indices(NDManager manager) {
      long[] all = Arrays.copyOf(positives, positives.length + negatives.length);
      System.arraycopy(negatives, 0, all, positives.length, negatives.length);
      return manager.create(all);
    }
  }

  /**
   * One selection per image.
   *
   * @param labelsPerImage per image, {@code (P_i)} labels: {@code >= 1} positive, 0 negative, -1
   *     ignored
   * @param seed this step's seed (e.g. {@code Seeds.derive(runSeed, "rpn-sampler", iteration)})
   */
  public List<Selection> sample(List<NDArray> labelsPerImage, long seed) {
    List<Selection> selections = new ArrayList<>();
    for (int image = 0; image < labelsPerImage.size(); image++) {
      long[] labels = HostArrays.longs(labelsPerImage.get(image));
      selections.add(sample(labels, seed, image));
    }
    return selections;
  }

  /** Host form for the image at {@code imageIndex} of the batch. */
  public Selection sample(long[] labels, long seed, int imageIndex) {
    long[] positives = indicesWhere(labels, true);
    long[] negatives = indicesWhere(labels, false);
    int positiveQuota = (int) (batchSizePerImage * positiveFraction);
    int positiveCount = Math.min(positives.length, positiveQuota);
    int negativeCount = Math.min(negatives.length, batchSizePerImage - positiveCount);
    SplittableRandom random =
        new SplittableRandom(Seeds.derive(seed, "balanced-sampler", imageIndex));
    return new Selection(
        pick(positives, positiveCount, random), pick(negatives, negativeCount, random));
  }

  private static long[] indicesWhere(long[] labels, boolean positive) {
    return IntStream.range(0, labels.length)
        .filter(i -> positive ? labels[i] >= 1 : labels[i] == 0)
        .asLongStream()
        .toArray();
  }

  /** {@code count} of {@code pool} uniformly without replacement (partial Fisher-Yates), sorted. */
  private static long[] pick(long[] pool, int count, SplittableRandom random) {
    long[] shuffled = pool.clone();
    for (int i = 0; i < count; i++) {
      int j = i + random.nextInt(shuffled.length - i);
      long swap = shuffled[i];
      shuffled[i] = shuffled[j];
      shuffled[j] = swap;
    }
    long[] picked = Arrays.copyOf(shuffled, count);
    Arrays.sort(picked);
    return picked;
  }
}
