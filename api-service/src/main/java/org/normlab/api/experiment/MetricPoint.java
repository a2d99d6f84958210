package org.normlab.api.experiment;

/** One point of a run's training curve. */
public record MetricPoint(long iteration, int epoch, int attempt, double loss, double lr, double imagesPerSecond) {}
