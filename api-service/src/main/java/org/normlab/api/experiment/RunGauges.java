package org.normlab.api.experiment;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs by state, the queue's depth and the outbox's backlog as gauges. They are counted by one
 * query every {@code normlab.metrics.refresh} (5 s), not at each scrape, so that scrapers, however
 * many, never add load to the database.
 */
@Component
class RunGauges {

  private static final Logger log = LoggerFactory.getLogger(RunGauges.class);

  private final JdbcClient jdbc;
  private final Map<RunStatus, AtomicLong> byState = new EnumMap<>(RunStatus.class);
  private final AtomicLong outboxPending = new AtomicLong();

  RunGauges(JdbcClient jdbc, MeterRegistry meters) {
    this.jdbc = jdbc;
    for (RunStatus status : RunStatus.values()) {
      AtomicLong count = new AtomicLong();
      byState.put(status, count);
      Gauge.builder("normlab.runs", count, AtomicLong::get).tag("state", status.name())
          .description("Runs in each state").register(meters);
    }
    Gauge.builder("normlab.queue.depth", byState.get(RunStatus.QUEUED), AtomicLong::get)
        .description("Runs waiting for a trainer slot").register(meters);
    Gauge.builder("normlab.outbox.pending", outboxPending, AtomicLong::get)
        .description("Outbox messages not yet published to Kafka").register(meters);
  }

  @Scheduled(fixedDelayString = "${normlab.metrics.refresh:5s}", initialDelayString = "${normlab.metrics.refresh:5s}")
  void refresh() {
    try {
      Map<RunStatus, Long> counts = new EnumMap<>(RunStatus.class);
      jdbc.sql("SELECT status, count(*) AS n FROM experiments GROUP BY status")
          .query(rs -> {
            counts.put(RunStatus.valueOf(rs.getString("status")), rs.getLong("n"));
          });
      byState.forEach((status, gauge) -> gauge.set(counts.getOrDefault(status, 0L)));
      outboxPending.set(jdbc.sql("SELECT count(*) FROM outbox_messages WHERE published_at IS NULL")
          .query(Long.class).single());
    } catch (RuntimeException e) {
      // The database is down: keep the last counts; readiness reports the outage.
      log.debug("Could not refresh run gauges: {}", e.toString());
    }
  }
}
