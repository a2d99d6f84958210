package org.normlab.contracts.run;

/**
 * Training progress at one iteration; {@code loss} is the mean over the iterations since the last report.
 *
 * @param skippedImages corrupt or unreadable images the run has skipped so far, earlier attempts included up to
 *     the checkpoint this one resumed from (each encounter counts;
 *     a substitute sample took each one's place in its batch); null from workers and datasets that do not
 *     decode images (in-memory formats), and from workers that predate the field
 */
public record Progress(
    int epoch, long iteration, long totalIterations, double loss, double lr, double imagesPerSecond,
    Long skippedImages) {

  public Progress {
    if (skippedImages != null && skippedImages < 0) {
      throw new IllegalArgumentException("skippedImages must be >= 0, got " + skippedImages);
    }
  }

  /** Progress without a skipped-image count (an in-memory dataset has nothing to skip). */
  public Progress(int epoch, long iteration, long totalIterations, double loss, double lr, double imagesPerSecond) {
    this(epoch, iteration, totalIterations, loss, lr, imagesPerSecond, null);
  }
}
