package org.normlab.contracts.run;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.normlab.contracts.Versioned;

/**
 * Event on {@link org.normlab.contracts.Topics#RUN_EVENTS}. {@code (runId, attempt, sequence)} identifies it:
 * consumers ingest each identity once, so redelivery is harmless. Which optional section is present
 * depends on the type: PROGRESS has {@code progress}; CHECKPOINTED and PAUSED have {@code checkpoint};
 * COMPLETED has both (the last progress and the final checkpoint); FAILED has {@code failure};
 * CANCELLED may say why in {@code failure}. STARTED says in {@code replicas} how many data-parallel
 * replicas the attempt trains on (absent from workers that predate it).
 */
public record RunEvent(
    int schemaVersion,
    UUID runId,
    int attempt,
    long sequence,
    RunEventType type,
    Instant occurredAt,
    String worker,
    Progress progress,
    CheckpointRef checkpoint,
    String failure,
    Integer replicas) implements Versioned {

  public static final int SCHEMA_VERSION = 1;

  public RunEvent {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(occurredAt, "occurredAt");
    if (attempt < 1 || sequence < 0) {
      throw new IllegalArgumentException("attempt must be >= 1 and sequence >= 0");
    }
    boolean needsProgress = type == RunEventType.PROGRESS || type == RunEventType.COMPLETED;
    boolean needsCheckpoint =
        type == RunEventType.CHECKPOINTED || type == RunEventType.COMPLETED || type == RunEventType.PAUSED;
    if (needsProgress && progress == null) {
      throw new IllegalArgumentException(type + " event needs progress");
    }
    if (needsCheckpoint && checkpoint == null) {
      throw new IllegalArgumentException(type + " event needs checkpoint");
    }
    if (type == RunEventType.FAILED && (failure == null || failure.isBlank())) {
      throw new IllegalArgumentException("FAILED event needs a failure reason");
    }
    if (replicas != null && (type != RunEventType.STARTED || replicas < 1)) {
      throw new IllegalArgumentException("only a STARTED event carries replicas, and >= 1");
    }
  }

  /** Builds the events of one attempt with consecutive sequence numbers. */
  public static Builder forAttempt(UUID runId, int attempt, String worker) {
    return new Builder(runId, attempt, worker);
  }

  /** Numbers one attempt's events; not thread-safe, one per attempt. */
  public static final class Builder {
    private final UUID runId;
    private final int attempt;
    private final String worker;
    private long nextSequence;

    private Builder(UUID runId, int attempt, String worker) {
      this.runId = runId;
      this.attempt = attempt;
      this.worker = worker;
    }

    public RunEvent started(Progress initial) {
      return next(RunEventType.STARTED, initial, null, null);
    }

    /** STARTED of an attempt that trains on {@code replicas} data-parallel replicas. */
    public RunEvent started(Progress initial, int replicas) {
      return new RunEvent(SCHEMA_VERSION, runId, attempt, nextSequence++, RunEventType.STARTED, Instant.now(),
          worker, initial, null, null, replicas);
    }

    public RunEvent progress(Progress progress) {
      return next(RunEventType.PROGRESS, progress, null, null);
    }

    public RunEvent checkpointed(CheckpointRef checkpoint) {
      return next(RunEventType.CHECKPOINTED, null, checkpoint, null);
    }

    public RunEvent completed(Progress last, CheckpointRef finalCheckpoint) {
      return next(RunEventType.COMPLETED, last, finalCheckpoint, null);
    }

    public RunEvent failed(String reason) {
      return next(RunEventType.FAILED, null, null, reason);
    }

    public RunEvent paused(CheckpointRef checkpoint) {
      return next(RunEventType.PAUSED, null, checkpoint, null);
    }

    public RunEvent cancelled(String reason) {
      return next(RunEventType.CANCELLED, null, null, reason);
    }

    private RunEvent next(RunEventType type, Progress progress, CheckpointRef checkpoint, String failure) {
      return new RunEvent(
          SCHEMA_VERSION, runId, attempt, nextSequence++, type, Instant.now(), worker, progress, checkpoint, failure,
          null);
    }
  }
}
