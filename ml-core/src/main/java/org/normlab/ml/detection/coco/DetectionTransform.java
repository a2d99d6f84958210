package org.normlab.ml.detection.coco;

import java.util.SplittableRandom;

/** A training-time transform of an image together with its boxes and masks. */
@FunctionalInterface
public interface DetectionTransform {

  /** Returns a new sample; {@code random} drives any random choice (seed it per sample). */
  DetectionSample apply(DetectionSample sample, SplittableRandom random);

  default DetectionTransform then(DetectionTransform next) {
    return (sample, random) -> next.apply(apply(sample, random), random);
  }
}
