package org.normlab.contracts.eval;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.normlab.contracts.Versioned;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.ExperimentSpec;

/** Command on {@link org.normlab.contracts.Topics#EVAL_REQUESTS}: score a checkpoint of a run on a split. */
public record EvaluationRequested(
    int schemaVersion,
    UUID evaluationId,
    UUID runId,
    ExperimentSpec spec,
    CheckpointRef checkpoint,
    String split,
    Instant requestedAt) implements Versioned {

  public static final int SCHEMA_VERSION = 1;

  public EvaluationRequested {
    Objects.requireNonNull(evaluationId, "evaluationId");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(split, "split");
    Objects.requireNonNull(requestedAt, "requestedAt");
  }
}
