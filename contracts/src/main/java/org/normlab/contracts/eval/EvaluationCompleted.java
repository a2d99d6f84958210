package org.normlab.contracts.eval;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.normlab.contracts.Versioned;

/**
 * Result on {@link org.normlab.contracts.Topics#EVAL_RESULTS}. SUCCEEDED carries {@code metrics}
 * (classification) or {@code detection} (COCO box and mask AP); FAILED carries {@code failure}
 * (e.g. a checkpoint whose checksum did not match). {@code detection} is optional, so results
 * written before it existed still decode.
 */
public record EvaluationCompleted(
    int schemaVersion,
    UUID evaluationId,
    UUID runId,
    Status status,
    String dataset,
    String split,
    String checkpointSha256,
    ClassificationMetrics metrics,
    DetectionMetrics detection,
    String failure,
    String worker,
    Instant completedAt) implements Versioned {

  public static final int SCHEMA_VERSION = 1;

  public enum Status {
    SUCCEEDED,
    FAILED
  }

  public EvaluationCompleted {
    Objects.requireNonNull(evaluationId, "evaluationId");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(completedAt, "completedAt");
    if (status == Status.SUCCEEDED && metrics == null && detection == null) {
      throw new IllegalArgumentException("SUCCEEDED evaluation needs metrics or detection");
    }
    if (status == Status.FAILED && (failure == null || failure.isBlank())) {
      throw new IllegalArgumentException("FAILED evaluation needs a failure reason");
    }
  }
}
