package org.normlab.api.experiment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.normlab.api.experiment.RowFixtures.inRolledBackTransaction;
import static org.normlab.api.experiment.RowFixtures.spec;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.normlab.api.support.ApiIntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The lookups every submission makes for an identical earlier run: they pick the right run, and
 * their cost does not grow with the number of identical runs waiting in the queue. Every test
 * works inside a rolled-back transaction, so no scheduler ever sees its rows.
 */
class IdenticalRunsIT extends ApiIntegrationTest {

  private static final String CODE_VERSION = "v-identical-runs-it";
  private static final Instant START = Instant.parse("2026-11-23T22:00:00Z");
  /** Enough queued copies that visiting each of them costs many times a single index probe. */
  private static final int QUEUED_COPIES = 3000;

  @Autowired IdenticalRuns identicalRuns;
  @Autowired ExperimentInserts inserts;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate transactions;

  @Test
  void theCompletedRunLookupReadsAHandfulOfPagesWhateverTheNumberOfQueuedCopies() {
    inRolledBackTransaction(transactions, () -> {
      UUID completed = insert(0, RunStatus.SUCCEEDED);
      for (int i = 1; i <= QUEUED_COPIES; i++) {
        insert(i, RunStatus.QUEUED);
      }
      jdbc.sql("ANALYZE experiments").update();
      String hash = configHash(completed);

      assertThat(identicalRuns.completed(hash, CODE_VERSION)).contains(completed);
      // The driver server-prepares a statement after five uses, and PostgreSQL may then plan it
      // generically: the lookup must stay a probe both ways. The old lookup's generic plan scanned
      // the table (241 pages here, and growing with every queued copy).
      for (String planMode : List.of("force_custom_plan", "force_generic_plan")) {
        JsonNode plan = explain(IdenticalRuns.COMPLETED, hash, planMode);
        long pages = plan.path("Shared Hit Blocks").asLong() + plan.path("Shared Read Blocks").asLong();
        assertThat(pages).as("pages read with %s, plan %s", planMode, plan).isLessThan(10);
      }
    });
  }

  @Test
  void aCompletedRunIsPreferredToNewerRunsStillInFlight() {
    inRolledBackTransaction(transactions, () -> {
      UUID completed = insert(0, RunStatus.SUCCEEDED);
      insert(1, RunStatus.QUEUED);
      insert(2, RunStatus.RUNNING);

      assertThat(identicalRuns.completedOrInFlight(configHash(completed), CODE_VERSION)).contains(completed);
    });
  }

  @Test
  void withoutACompletedRunTheLatestInFlightOneIsLinkedAndFailedOrCancelledOnesNever() {
    inRolledBackTransaction(transactions, () -> {
      UUID queued = insert(0, RunStatus.QUEUED);
      UUID running = insert(1, RunStatus.RUNNING);
      insert(2, RunStatus.FAILED);
      insert(3, RunStatus.CANCELLED);
      String hash = configHash(queued);

      assertThat(identicalRuns.completed(hash, CODE_VERSION)).isEmpty();
      assertThat(identicalRuns.completedOrInFlight(hash, CODE_VERSION)).contains(running);
    });
  }

  @Test
  void anotherCodeVersionComputesSomethingElse() {
    inRolledBackTransaction(transactions, () -> {
      UUID completed = insert(0, RunStatus.SUCCEEDED);

      assertThat(identicalRuns.completedOrInFlight(configHash(completed), CODE_VERSION + "-next")).isEmpty();
    });
  }

  /** Run {@code n} of one spec, created n seconds after the first, then moved to {@code status}. */
  private UUID insert(int n, RunStatus status) {
    UUID id = UUID.randomUUID();
    inserts.insert(Experiment.queued(id, spec("copy-" + n), "{}",
        new Scheduling(Priority.NORMAL, Scheduling.DEFAULT_OWNER, 3), CODE_VERSION, START.plusSeconds(n)));
    jdbc.sql("UPDATE experiments SET status = ? WHERE id = ?").params(status.name(), id).update();
    return id;
  }

  private String configHash(UUID id) {
    return jdbc.sql("SELECT config_hash FROM experiments WHERE id = ?").param(id).query(String.class).single();
  }

  /** The plan of {@code sql} as a prepared statement, planned in {@code planMode}, and what it read. */
  private JsonNode explain(String sql, String hash, String planMode) {
    jdbc.sql("SET LOCAL plan_cache_mode = " + planMode).update();
    jdbc.sql("PREPARE lookup(text, text) AS " + sql.replaceFirst("\\?", "\\$1").replaceFirst("\\?", "\\$2")).update();
    try {
      // Literals: both are hex and fixed test names.
      String json = jdbc.sql("EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) EXECUTE lookup('" + hash + "', '" + CODE_VERSION
          + "')").query(String.class).single();
      return JSON.readTree(json).get(0).get("Plan");
    } finally {
      jdbc.sql("DEALLOCATE lookup").update();
    }
  }
}
