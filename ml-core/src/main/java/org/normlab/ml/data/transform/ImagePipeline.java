package org.normlab.ml.data.transform;

import java.util.random.RandomGenerator;

/**
 * One recipe's way from a decoded image to the network's input. Every random choice comes from the
 * generator the caller passes, seeded per sample (e.g. from the experiment seed, epoch and sample
 * index), so the output is a function of the image and that seed, whatever thread runs it.
 */
@FunctionalInterface
public interface ImagePipeline {

  /** (3, size, size) floats. */
  float[] apply(RgbImage image, RandomGenerator random);

  /**
   * The same from an image that may not be decoded yet. Pipelines that crop first (the training
   * ones) decode only their crop; the result equals {@code apply(source.whole(), random)}.
   */
  default float[] apply(ImageSource source, RandomGenerator random) {
    return apply(source.whole(), random);
  }
}
