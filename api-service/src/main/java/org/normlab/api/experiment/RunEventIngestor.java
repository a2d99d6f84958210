package org.normlab.api.experiment;

import java.sql.Timestamp;
import java.time.Instant;
import org.normlab.api.outbox.OutboxWriter;
import org.normlab.contracts.Topics;
import org.normlab.contracts.codec.ContractCodec;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.contracts.run.Progress;
import org.normlab.contracts.run.RunControl;
import org.normlab.contracts.run.RunEvent;
import org.normlab.contracts.run.RunEventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies run events to the store exactly once. The event row's primary key (run, attempt,
 * sequence) is the deduplication: a redelivered event inserts nothing and changes nothing. Events
 * of an attempt that is not the run's current one on a worker are kept for the record but change no
 * state, and the worker still running such an attempt is told to stop. Every live event of the
 * current attempt renews its lease.
 */
@Component
class RunEventIngestor {

  private static final Logger log = LoggerFactory.getLogger(RunEventIngestor.class);

  private final ExperimentRepository experiments;
  private final JdbcClient jdbc;
  private final ApplicationEventPublisher publisher;
  private final OutboxWriter outbox;
  private final SchedulerProperties scheduler;

  RunEventIngestor(ExperimentRepository experiments, JdbcClient jdbc, ApplicationEventPublisher publisher,
      OutboxWriter outbox, SchedulerProperties scheduler) {
    this.experiments = experiments;
    this.jdbc = jdbc;
    this.publisher = publisher;
    this.outbox = outbox;
    this.scheduler = scheduler;
  }

  /** Returns whether the event was new. */
  @Transactional
  public boolean ingest(RunEvent event) {
    Experiment experiment = experiments.findById(event.runId())
        .orElseThrow(() -> new UnknownRunException(event.runId()));
    int inserted = jdbc.sql("INSERT INTO run_events (run_id, attempt, sequence, type, occurred_at, worker, payload)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
        .params(event.runId(), event.attempt(), event.sequence(), event.type().name(),
            Timestamp.from(event.occurredAt()), event.worker(), ContractCodec.encode(event))
        .update();
    if (inserted == 0) {
      log.debug("Duplicate event {}/{}/{} ignored", event.runId(), event.attempt(), event.sequence());
      return false;
    }
    boolean current = event.attempt() == experiment.getAttempt() && experiment.getStatus().isOnWorker();
    if (!current) {
      log.info("Event {} of run {} attempt {} recorded without effect (run at attempt {}, {})",
          event.type(), event.runId(), event.attempt(), experiment.getAttempt(), experiment.getStatus());
      if (!event.type().isTerminal()) {
        // A stale attempt is still training somewhere: stop it, one trainer per run.
        outbox.append(Topics.RUN_CONTROL, event.runId().toString(), RunControl.of(event.runId(), event.attempt(),
            RunControl.Action.CANCEL, "attempt " + event.attempt() + " is not the run's current attempt"));
      }
      return true;
    }
    apply(experiment, event);
    publisher.publishEvent(RunUpdate.of(experiment, event.type().name(), pointOf(event), event.occurredAt()));
    return true;
  }

  private static MetricPoint pointOf(RunEvent event) {
    Progress p = event.progress();
    if (event.type() != RunEventType.PROGRESS || p == null) {
      return null;
    }
    return new MetricPoint(p.iteration(), p.epoch(), event.attempt(), p.loss(), p.lr(), p.imagesPerSecond());
  }

  private void apply(Experiment experiment, RunEvent event) {
    Instant at = event.occurredAt();
    if (!event.type().isTerminal()) {
      experiment.renewLease(Instant.now().plus(scheduler.lease()));
    }
    switch (event.type()) {
      case STARTED -> {
        experiment.markStarted(event.worker(), at);
        experiment.recordReplicas(event.replicas());
      }
      case PROGRESS -> {
        experiment.markStarted(event.worker(), at);
        experiment.recordProgress(event.progress(), at);
        upsertMetric(event);
      }
      case CHECKPOINTED -> experiment.recordCheckpoint(event.checkpoint(), at);
      case COMPLETED -> {
        experiment.recordProgress(event.progress(), at);
        experiment.recordCheckpoint(event.checkpoint(), at);
        experiment.markTrained(at);
        ExperimentSpec spec = ContractCodec.mapper().readValue(experiment.getSpecJson(), ExperimentSpec.class);
        publisher.publishEvent(new RunTrained(experiment.getId(), spec, event.checkpoint()));
      }
      case FAILED -> experiment.markFailed(event.failure(), at);
      case PAUSED -> experiment.markPaused(event.checkpoint(), at);
      case CANCELLED -> experiment.markCancelled(
          event.failure() == null ? "cancelled by the worker" : event.failure(), at);
    }
  }

  /** A later attempt's point replaces the one a dead attempt reported for the same iteration. */
  private void upsertMetric(RunEvent event) {
    Progress p = event.progress();
    jdbc.sql("INSERT INTO metric_points (run_id, iteration, attempt, epoch, loss, lr, images_per_second, recorded_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
            + " ON CONFLICT (run_id, iteration) DO UPDATE SET attempt = excluded.attempt, epoch = excluded.epoch,"
            + " loss = excluded.loss, lr = excluded.lr, images_per_second = excluded.images_per_second,"
            + " recorded_at = excluded.recorded_at WHERE metric_points.attempt <= excluded.attempt")
        .params(event.runId(), p.iteration(), event.attempt(), p.epoch(), p.loss(), p.lr(), p.imagesPerSecond(),
            Timestamp.from(event.occurredAt()))
        .update();
  }
}
