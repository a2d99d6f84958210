package org.normlab.trainer.reporting;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.normlab.contracts.run.Progress;
import org.springframework.stereotype.Component;

/**
 * The trainer's Prometheus meters, fed from what the training loop reports: iterations done,
 * images per second (summed over the attempts training now), attempts running, and attempts
 * finished by outcome.
 */
@Component
public class TrainingMetrics {

  private final MeterRegistry meters;
  private final Counter iterations;
  private final Map<UUID, Running> running = new ConcurrentHashMap<>();

  public TrainingMetrics(MeterRegistry meters) {
    this.meters = meters;
    this.iterations = Counter.builder("normlab.training.iterations")
        .description("SGD iterations trained by this worker (replayed iterations after a resume count again)")
        .register(meters);
    Gauge.builder("normlab.training.images.per.second", running,
            r -> r.values().stream().mapToDouble(Running::imagesPerSecond).sum())
        .description("Training throughput of the attempts running now, as last reported").register(meters);
    Gauge.builder("normlab.training.active.runs", running, Map::size)
        .description("Attempts training on this worker now").register(meters);
    for (String outcome : List.of("completed", "paused", "cancelled", "failed")) {
      meters.counter("normlab.training.attempts.finished", "outcome", outcome);
    }
  }

  public void started(UUID runId, long fromIteration) {
    running.put(runId, new Running(fromIteration, 0));
  }

  public void progressed(UUID runId, Progress progress) {
    Running before = running.get(runId);
    long done = before == null ? 0 : Math.max(0, progress.iteration() - before.iteration());
    iterations.increment(done);
    running.put(runId, new Running(progress.iteration(), progress.imagesPerSecond()));
  }

  /** The attempt stopped: {@code completed}, {@code paused}, {@code cancelled} or {@code failed}. */
  public void finished(UUID runId, String outcome) {
    running.remove(runId);
    meters.counter("normlab.training.attempts.finished", "outcome", outcome).increment();
  }

  private record Running(long iteration, double imagesPerSecond) {}
}
