package org.normlab.api.experiment;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.normlab.api.outbox.OutboxWriter;
import org.normlab.contracts.Topics;
import org.normlab.contracts.codec.ContractCodec;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.contracts.run.RunControl;
import org.normlab.contracts.run.RunDispatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The scheduler of record. Each tick, under a PostgreSQL advisory lock so that one API replica
 * schedules at a time: attempts whose lease expired go back to the queue as the next attempt (or
 * fail after maxRestarts), then queued runs are assigned to live workers' free slots in
 * {@link QueueOrder}, weighted by the owners' policies. A dispatch leaves through the outbox in the same transaction.
 */
@Component
class RunScheduler {

  private static final Logger log = LoggerFactory.getLogger(RunScheduler.class);
  private static final long SCHEDULER_LOCK = 0x4e4f524d4c4142L; // "NORMLAB"
  /** Queued runs the scheduler orders each tick: every higher-priority run comes before any lower one. */
  private static final int QUEUE_WINDOW = 2000;

  private final ExperimentRepository experiments;
  private final JdbcClient jdbc;
  private final OutboxWriter outbox;
  private final SchedulerProperties properties;
  private final TransactionTemplate tx;
  private final HeartbeatPipe pipe;
  private final ApplicationEventPublisher updates;
  private final Counter leaseExpiries;
  private final OwnerPolicies owners;

  RunScheduler(ExperimentRepository experiments, JdbcClient jdbc, OutboxWriter outbox, SchedulerProperties properties,
      TransactionTemplate tx, HeartbeatPipe pipe, ApplicationEventPublisher updates, MeterRegistry meters,
      OwnerPolicies owners) {
    this.owners = owners;
    this.experiments = experiments;
    this.jdbc = jdbc;
    this.outbox = outbox;
    this.properties = properties;
    this.tx = tx;
    this.pipe = pipe;
    this.updates = updates;
    this.leaseExpiries = Counter.builder("normlab.scheduler.lease.expiries")
        .description("Attempts whose worker went silent past the lease (re-queued or failed)").register(meters);
  }

  @Scheduled(fixedDelayString = "${normlab.scheduler.tick:250ms}")
  void tick() {
    try {
      Integer expired = tx.execute(status -> {
        if (!Boolean.TRUE.equals(jdbc.sql("SELECT pg_try_advisory_xact_lock(?)").param(SCHEDULER_LOCK)
            .query(Boolean.class).single())) {
          return 0;
        }
        Instant now = Instant.now();
        int lost = expireLeases(now);
        assign(now);
        return lost;
      });
      // Counted once committed: a rolled-back tick expires the same leases again next time.
      leaseExpiries.increment(expired == null ? 0 : expired);
    } catch (RuntimeException e) {
      // e.g. an optimistic-lock clash with a concurrent heartbeat: the next tick sees fresh state
      log.debug("Scheduler tick rolled back: {}", e.toString());
    }
  }

  /** Re-queues (or fails) every attempt whose lease ran out; returns how many. */
  private int expireLeases(Instant now) {
    // Only leases that ran out before some worker was last heard: silence alone proves nothing.
    Instant heard = pipe.lastHeard();
    if (heard == null) {
      return 0;
    }
    Instant cutoff = heard.isBefore(now) ? heard : now;
    List<Experiment> lost = experiments.findOnWorkerWithLeaseExpiredBefore(cutoff);
    for (Experiment e : lost) {
      String lostWorker = e.getAssignedWorker();
      int lostAttempt = e.getAttempt();
      Experiment.LeaseOutcome outcome = e.expireLease(now);
      log.warn("Run {} attempt {} lost its lease on {}: {}", e.getId(), lostAttempt, lostWorker, outcome);
      // If the worker is alive after all (a partition, a long pause), it must stop this attempt.
      outbox.append(Topics.RUN_CONTROL, e.getId().toString(),
          RunControl.of(e.getId(), lostAttempt, RunControl.Action.CANCEL, "lease expired"));
    }
    return lost.size();
  }

  private void assign(Instant now) {
    Map<String, Integer> free = freeSlots(now);
    int capacity = free.values().stream().mapToInt(Integer::intValue).sum();
    if (capacity == 0) {
      return;
    }
    List<Experiment> ordered = queue();
    for (Experiment e : ordered.subList(0, Math.min(capacity, ordered.size()))) {
      // The worker with the most free slots (ties: by name), so load spreads across workers.
      String worker = free.entrySet().stream().filter(w -> w.getValue() > 0)
          .min(Comparator.comparing((Map.Entry<String, Integer> w) -> -w.getValue())
              .thenComparing(Map.Entry::getKey))
          .orElseThrow().getKey();
      free.merge(worker, -1, Integer::sum);
      dispatch(e, worker, now);
    }
  }

  private void dispatch(Experiment e, String worker, Instant now) {
    CheckpointRef resumeFrom = e.getAttempt() > 1 ? e.lastCheckpoint() : null;
    // Points a dead attempt reported past the checkpoint the next one resumes from are superseded.
    long keepThrough = resumeFrom == null ? 0 : resumeFrom.iteration();
    jdbc.sql("DELETE FROM metric_points WHERE run_id = ? AND iteration > ?").params(e.getId(), keepThrough).update();
    e.dispatchTo(worker, now, now.plus(properties.dispatchLease()));
    ExperimentSpec spec = ContractCodec.mapper().readValue(e.getSpecJson(), ExperimentSpec.class);
    outbox.append(Topics.RUN_DISPATCH, e.getId().toString(),
        RunDispatch.of(e.getId(), e.getAttempt(), worker, spec, resumeFrom, now));
    updates.publishEvent(RunUpdate.of(e, "DISPATCHED", null, now));
    log.info("Run {} attempt {} dispatched to {}{}", e.getId(), e.getAttempt(), worker,
        resumeFrom == null ? "" : " resuming from iteration " + resumeFrom.iteration());
  }

  /** Free slots of each live worker: its slots less what it runs (by our records or its own word). */
  private Map<String, Integer> freeSlots(Instant now) {
    Map<String, Long> assigned = new HashMap<>();
    for (Object[] row : experiments.countOnWorkerByWorker()) {
      assigned.put((String) row[0], (Long) row[1]);
    }
    Map<String, Integer> free = new HashMap<>();
    jdbc.sql("SELECT worker_id, slots, active_attempts FROM workers WHERE last_heartbeat_at > ?")
        .param(Timestamp.from(now.minus(properties.workerLiveness())))
        .query((rs, i) -> {
          long busy = Math.max(assigned.getOrDefault(rs.getString(1), 0L), rs.getInt(3));
          free.put(rs.getString(1), (int) Math.max(0, rs.getInt(2) - busy));
          return null;
        })
        .list();
    return free;
  }

  private Map<String, Long> activeByOwner() {
    Map<String, Long> active = new HashMap<>();
    for (Object[] row : experiments.countOnWorkerByOwner()) {
      active.put((String) row[0], (Long) row[1]);
    }
    return active;
  }

  /** The queue in the order {@link #assign} serves it: the queue endpoint shows the same. */
  @Transactional(readOnly = true)
  List<Experiment> queueInOrder() {
    return new ArrayList<>(queue());
  }

  private List<Experiment> queue() {
    return QueueOrder.order(experiments.findQueuedByPriority(Limit.of(QUEUE_WINDOW)),
        activeByOwner(), owners.weights());
  }
}
