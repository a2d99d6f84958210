package org.normlab.contracts.run;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.normlab.contracts.Versioned;

/**
 * Command on {@link org.normlab.contracts.Topics#RUN_DISPATCH}: worker {@code assignedWorker} is to
 * train attempt {@code attempt} of run {@code runId}, resuming from {@code resumeFrom} when it is
 * set. Every trainer reads every dispatch and takes only those assigned to it: the API, which knows
 * each worker's free slots from its heartbeats, is the one that schedules.
 */
public record RunDispatch(
    int schemaVersion,
    UUID runId,
    int attempt,
    String assignedWorker,
    ExperimentSpec spec,
    CheckpointRef resumeFrom,
    Instant dispatchedAt) implements Versioned {

  public static final int SCHEMA_VERSION = 1;

  public RunDispatch {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(assignedWorker, "assignedWorker");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(dispatchedAt, "dispatchedAt");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1, got " + attempt);
    }
  }

  public static RunDispatch of(
      UUID runId, int attempt, String assignedWorker, ExperimentSpec spec, CheckpointRef resumeFrom, Instant at) {
    return new RunDispatch(SCHEMA_VERSION, runId, attempt, assignedWorker, spec, resumeFrom, at);
  }
}
