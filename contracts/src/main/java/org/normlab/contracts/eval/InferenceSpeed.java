package org.normlab.contracts.eval;

/**
 * Forward-pass throughput at a fixed batch and input size, so that runs and norms compare on equal
 * terms (the scoring pass runs at each spec's own batch and includes data loading).
 *
 * @param batchSize images per forward pass
 * @param channels input channels
 * @param height input height in pixels
 * @param width input width in pixels
 * @param timedBatches forward passes timed, after untimed warm-up passes
 * @param imagesPerSecond batchSize * timedBatches / the timed seconds
 */
public record InferenceSpeed(int batchSize, int channels, int height, int width, int timedBatches,
    double imagesPerSecond) {

  public InferenceSpeed {
    if (batchSize < 1 || channels < 1 || height < 1 || width < 1 || timedBatches < 1) {
      throw new IllegalArgumentException("batch, input shape and timedBatches must be positive");
    }
    if (!(imagesPerSecond > 0)) {
      throw new IllegalArgumentException("imagesPerSecond must be positive, got " + imagesPerSecond);
    }
  }
}
