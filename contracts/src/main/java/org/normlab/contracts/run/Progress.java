package org.normlab.contracts.run;

/** Training progress at one iteration; {@code loss} is the mean over the iterations since the last report. */
public record Progress(
    int epoch, long iteration, long totalIterations, double loss, double lr, double imagesPerSecond) {}
