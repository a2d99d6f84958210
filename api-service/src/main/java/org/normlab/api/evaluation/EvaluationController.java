package org.normlab.api.evaluation;

import java.util.List;
import java.util.UUID;
import org.normlab.api.experiment.ExperimentNotFoundException;
import org.normlab.api.system.FieldViolation;
import org.normlab.api.system.InvalidRequestException;
import org.normlab.contracts.codec.ContractCodec;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.contracts.run.RunEvent;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * On-demand evaluation of any checkpoint a run recorded (its latest by default). The leaderboard
 * keeps each run's best-scoring evaluated checkpoint, so scoring earlier checkpoints finds the best.
 */
@RestController
class EvaluationController {

  /** Optional body: which checkpoint, by its sha256; absent = the run's latest checkpoint. */
  record EvaluateRequest(String checkpointSha256) {}

  record EvaluationAccepted(UUID evaluationId, UUID runId, String split, String checkpointUri,
      String checkpointSha256) {}

  private final JdbcClient jdbc;
  private final EvaluationRequester requester;

  EvaluationController(JdbcClient jdbc, EvaluationRequester requester) {
    this.jdbc = jdbc;
    this.requester = requester;
  }

  @PostMapping("/api/v1/experiments/{id}/evaluations")
  @ResponseStatus(HttpStatus.ACCEPTED)
  @Transactional
  EvaluationAccepted evaluate(@PathVariable UUID id, @RequestBody(required = false) EvaluateRequest body) {
    record Run(String specJson, String uri, String sha256, int epoch, long iteration, long sizeBytes) {}
    Run run = jdbc.sql("SELECT spec_json, checkpoint_uri, checkpoint_sha256, coalesce(checkpoint_epoch, 0),"
            + " coalesce(checkpoint_iteration, 0), coalesce(checkpoint_size_bytes, 0) FROM experiments WHERE id = ?")
        .param(id).query((rs, i) -> new Run(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
            rs.getLong(5), rs.getLong(6)))
        .optional().orElseThrow(() -> new ExperimentNotFoundException(id));
    List<CheckpointRef> recorded = jdbc.sql("SELECT payload FROM run_events WHERE run_id = ? AND type = 'CHECKPOINTED'"
            + " ORDER BY occurred_at DESC")
        .param(id)
        .query((rs, i) -> ContractCodec.mapper().readValue(rs.getString(1), RunEvent.class).checkpoint())
        .list();
    String wanted = body == null || body.checkpointSha256() == null ? run.sha256() : body.checkpointSha256();
    CheckpointRef checkpoint = recorded.stream().filter(c -> c.sha256().equals(wanted)).findFirst()
        .orElse(wanted != null && wanted.equals(run.sha256()) && run.uri() != null
            ? new CheckpointRef(run.uri(), run.sha256(), run.epoch(), run.iteration(), run.sizeBytes()) : null);
    if (checkpoint == null) {
      List<String> known = recorded.stream().map(CheckpointRef::sha256).distinct().toList();
      throw new InvalidRequestException(List.of(new FieldViolation("checkpointSha256",
          wanted == null ? "the run has no checkpoint yet" : "is not a checkpoint of this run", wanted, known)));
    }
    ExperimentSpec spec = ContractCodec.mapper().readValue(run.specJson(), ExperimentSpec.class);
    UUID evaluationId = requester.request(id, spec, checkpoint);
    return new EvaluationAccepted(evaluationId, id, EvaluationRequester.TEST_SPLIT, checkpoint.uri(),
        checkpoint.sha256());
  }
}
