package org.normlab.cli.render;

import java.time.Duration;
import java.util.Locale;

/**
 * One line of a run's live progress: status, epoch, iteration with a bar, loss, images/s and the
 * time left. The ETA is what the remaining iterations take at the last reported images/s and the
 * spec's batch size; it is absent until both are known.
 */
public final class ProgressLine {

  static final int BAR_WIDTH = 24;

  /** The fields of the API's {@code progress}, with the run's status and batch size beside them. */
  public record Snapshot(String status, Integer epoch, Integer totalEpochs, Long iteration,
      Long totalIterations, Double loss, Double imagesPerSecond, Integer batchSize) {}

  private ProgressLine() {}

  public static String render(Snapshot s) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-10s", s.status()));
    if (s.epoch() != null) {
      line.append(" epoch ").append(s.epoch());
      if (s.totalEpochs() != null) {
        line.append('/').append(s.totalEpochs());
      }
    }
    if (s.iteration() != null) {
      line.append(" iter ").append(s.iteration());
      if (s.totalIterations() != null && s.totalIterations() > 0) {
        double fraction = Math.min(1.0, (double) s.iteration() / s.totalIterations());
        line.append('/').append(s.totalIterations()).append(' ').append(bar(fraction))
            .append(String.format(Locale.ROOT, " %3d%%", (int) Math.floor(fraction * 100)));
      }
    }
    if (s.loss() != null) {
      line.append(String.format(Locale.ROOT, " loss %.4f", s.loss()));
    }
    if (s.imagesPerSecond() != null) {
      line.append(String.format(Locale.ROOT, " %.1f img/s", s.imagesPerSecond()));
    }
    eta(s).ifPresent(eta -> line.append(" ETA ").append(clock(eta)));
    return line.toString();
  }

  static java.util.Optional<Duration> eta(Snapshot s) {
    if (s.iteration() == null || s.totalIterations() == null || s.imagesPerSecond() == null
        || s.batchSize() == null || s.imagesPerSecond() <= 0) {
      return java.util.Optional.empty();
    }
    long left = Math.max(0, s.totalIterations() - s.iteration());
    double seconds = left * s.batchSize() / s.imagesPerSecond();
    return java.util.Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
  }

  static String bar(double fraction) {
    int filled = (int) Math.round(fraction * BAR_WIDTH);
    return "[" + "#".repeat(filled) + ".".repeat(BAR_WIDTH - filled) + "]";
  }

  /** {@code 1:02:03}, or {@code 2:03} under an hour. */
  static String clock(Duration d) {
    long seconds = d.toSeconds();
    long h = seconds / 3600;
    long m = (seconds % 3600) / 60;
    long sec = seconds % 60;
    return h > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", h, m, sec)
        : String.format(Locale.ROOT, "%d:%02d", m, sec);
  }
}
