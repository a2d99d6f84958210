package org.normlab.eval.reporting;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;

/**
 * The eval worker's Prometheus meters: evaluations by outcome and how long they took, images
 * scored, and the throughput of the latest evaluation as measured by ml-core.
 */
@Component
public class EvaluationMetrics {

  private final MeterRegistry meters;
  private final Timer duration;
  private final AtomicReference<Double> lastImagesPerSecond = new AtomicReference<>(0.0);

  public EvaluationMetrics(MeterRegistry meters) {
    this.meters = meters;
    this.duration = Timer.builder("normlab.eval.duration").description("Wall time of one evaluation")
        .register(meters);
    meters.gauge("normlab.eval.images.per.second", lastImagesPerSecond, AtomicReference::get);
    meters.counter("normlab.eval.evaluations", "outcome", "succeeded");
    meters.counter("normlab.eval.evaluations", "outcome", "failed");
    meters.counter("normlab.eval.images");
  }

  public void succeeded(long images, double imagesPerSecond, Duration took) {
    duration.record(took);
    meters.counter("normlab.eval.evaluations", "outcome", "succeeded").increment();
    meters.counter("normlab.eval.images").increment(images);
    lastImagesPerSecond.set(imagesPerSecond);
  }

  public void failed(Duration took) {
    duration.record(took);
    meters.counter("normlab.eval.evaluations", "outcome", "failed").increment();
  }
}
