package org.normlab.api.evaluation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.normlab.api.experiment.RunTrained;
import org.normlab.api.outbox.OutboxWriter;
import org.normlab.contracts.Topics;
import org.normlab.contracts.eval.EvaluationRequested;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** When training completes, asks an eval worker to score the final checkpoint on the test split. */
@Component
class EvaluationRequester {

  static final String TEST_SPLIT = "test";

  private final JdbcClient jdbc;
  private final OutboxWriter outbox;

  EvaluationRequester(JdbcClient jdbc, OutboxWriter outbox) {
    this.jdbc = jdbc;
    this.outbox = outbox;
  }

  @EventListener
  void onRunTrained(RunTrained trained) {
    UUID evaluationId = UUID.randomUUID();
    Instant now = Instant.now();
    jdbc.sql("INSERT INTO evaluations (id, run_id, split, status, checkpoint_uri, checkpoint_sha256, requested_at)"
            + " VALUES (?, ?, ?, 'REQUESTED', ?, ?, ?)")
        .params(evaluationId, trained.runId(), TEST_SPLIT, trained.finalCheckpoint().uri(),
            trained.finalCheckpoint().sha256(), Timestamp.from(now))
        .update();
    var request = new EvaluationRequested(EvaluationRequested.SCHEMA_VERSION, evaluationId, trained.runId(),
        trained.spec(), trained.finalCheckpoint(), TEST_SPLIT, now);
    outbox.append(Topics.EVAL_REQUESTS, trained.runId().toString(), request);
  }
}
