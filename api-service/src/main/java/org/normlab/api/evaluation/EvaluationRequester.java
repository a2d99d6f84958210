package org.normlab.api.evaluation;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.normlab.api.experiment.RunTrained;
import org.normlab.api.outbox.OutboxWriter;
import org.normlab.contracts.Topics;
import org.normlab.contracts.eval.EvaluationRequested;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.ExperimentSpec;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Asks an eval worker to score a checkpoint on the test split: the final one when training
 * completes, any recorded one on demand ({@link EvaluationController}).
 */
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
    request(trained.runId(), trained.spec(), trained.finalCheckpoint());
  }

  /** Records and sends a request to score {@code checkpoint} of the run on the test split. */
  UUID request(UUID runId, ExperimentSpec spec, CheckpointRef checkpoint) {
    UUID evaluationId = UUID.randomUUID();
    Instant now = Instant.now();
    jdbc.sql("INSERT INTO evaluations (id, run_id, split, status, checkpoint_uri, checkpoint_sha256, requested_at)"
            + " VALUES (?, ?, ?, 'REQUESTED', ?, ?, ?)")
        .params(evaluationId, runId, TEST_SPLIT, checkpoint.uri(), checkpoint.sha256(), Timestamp.from(now))
        .update();
    var request = new EvaluationRequested(EvaluationRequested.SCHEMA_VERSION, evaluationId, runId, spec, checkpoint,
        TEST_SPLIT, now);
    outbox.append(Topics.EVAL_REQUESTS, runId.toString(), request);
    return evaluationId;
  }
}
