package org.normlab.contracts.eval;

/**
 * Classification scores in percent error, as the papers report them, with the sample count.
 *
 * @param imagesPerSecond throughput of the scoring pass itself (the spec's batch, data loading included)
 * @param speed forward-pass throughput at a fixed batch and input size; null from workers that predate it
 */
public record ClassificationMetrics(double top1Error, double top5Error, long samples, double imagesPerSecond,
    InferenceSpeed speed) {

  public ClassificationMetrics {
    if (top1Error < 0 || top1Error > 100 || top5Error < 0 || top5Error > 100) {
      throw new IllegalArgumentException("errors are percentages in [0, 100]");
    }
    if (samples < 1) {
      throw new IllegalArgumentException("samples must be >= 1, got " + samples);
    }
  }
}
