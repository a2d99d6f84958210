package org.normlab.api.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.normlab.api.experiment.RowFixtures.inRolledBackTransaction;
import static org.normlab.api.experiment.RowFixtures.spec;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.normlab.api.support.ApiIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The queries the scheduler makes four times a second stay index walks however many runs wait in
 * the queue, and the queue it orders always holds the highest priorities. Each test works inside a
 * rolled-back transaction, so the running scheduler never sees its rows.
 */
class SchedulerQueriesIT extends ApiIntegrationTest {

  private static final Instant START = Instant.parse("2026-11-23T22:30:00Z");
  private static final int QUEUED = 3000;
  /** More than the driver's five uses before it server-prepares a statement, so generic plans are hit. */
  private static final int CALLS = 8;

  @Autowired ExperimentRepository experiments;
  @Autowired ExperimentInserts inserts;
  @Autowired RunScheduler scheduler;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transactions;

  @Test
  void theSchedulersQueriesNeverScanTheWholeTableEvenWhenPlannedGenerically() {
    inRolledBackTransaction(transactions, () -> {
      for (int i = 0; i < QUEUED; i++) {
        insert(i, Priority.NORMAL);
      }
      UUID onWorker = insert(QUEUED, Priority.NORMAL);
      jdbc.sql("UPDATE experiments SET status = 'RUNNING', assigned_worker = 'trainer-x', lease_expires_at = ?"
          + " WHERE id = ?").params(java.sql.Timestamp.from(START), onWorker).update();
      jdbc.sql("ANALYZE experiments").update();
      // What a long-lived pooled connection ends up with: plans made without the parameters' values.
      jdbc.sql("SET LOCAL plan_cache_mode = force_generic_plan").update();
      long scansBefore = sequentialScans();

      assertEveryCall(() -> experiments.countOnWorkerByWorker().stream()
          .filter(row -> "trainer-x".equals(row[0])).map(row -> (Long) row[1]).toList(), List.of(1L));
      assertEveryCall(() -> experiments.countOnWorkerByOwner().stream()
          .map(row -> (Long) row[1]).reduce(0L, Long::sum) >= 1, true);
      assertEveryCall(() -> experiments.findOnWorkerWithLeaseExpiredBefore(START.plusSeconds(1)).stream()
          .map(Experiment::getId).toList().contains(onWorker), true);
      assertEveryCall(() -> experiments.findQueuedByPriority(Limit.of(10)).size(), 10);

      assertThat(sequentialScans()).as("sequential scans of experiments").isEqualTo(scansBefore);
    });
  }

  @Test
  void aHighPriorityRunQueuedBehindMoreThanAWindowOfOlderRunsIsServedFirst() {
    inRolledBackTransaction(transactions, () -> {
      for (int i = 0; i < QUEUED; i++) {
        insert(i, Priority.NORMAL);
      }
      UUID urgent = insert(QUEUED, Priority.HIGH);

      assertThat(scheduler.queueInOrder().get(0).getId()).isEqualTo(urgent);
    });
  }

  private <T> void assertEveryCall(Supplier<T> query, T expected) {
    for (int call = 0; call < CALLS; call++) {
      assertThat(query.get()).as("call %d", call + 1).isEqualTo(expected);
    }
  }

  /** This transaction's sequential scans of the experiments table so far. */
  private long sequentialScans() {
    return jdbc.sql("SELECT seq_scan FROM pg_stat_xact_user_tables WHERE relname = 'experiments'")
        .query(Long.class).single();
  }

  private UUID insert(int n, Priority priority) {
    UUID id = UUID.randomUUID();
    inserts.insert(Experiment.queued(id, spec("queued-" + n), "{}",
        new Scheduling(priority, "queue-owner-" + (n % 3), 3), "v-scheduler-queries-it", START.minusSeconds(QUEUED - n)));
    return id;
  }
}
