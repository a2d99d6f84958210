package org.normlab.contracts.worker;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.normlab.contracts.Versioned;

/**
 * Sent by every trainer every few seconds on {@link org.normlab.contracts.Topics#WORKER_HEARTBEATS}:
 * its capacity and the attempts it is running. The API renews those attempts' leases from it and
 * schedules onto free slots; an attempt whose heartbeats stop loses its lease and is re-dispatched.
 */
public record WorkerHeartbeat(int schemaVersion, String workerId, int slots, List<ActiveAttempt> active,
    Instant sentAt) implements Versioned {

  public static final int SCHEMA_VERSION = 1;

  /** One attempt in progress on the worker, with the last iteration it reached. */
  public record ActiveAttempt(UUID runId, int attempt, long iteration) {
    public ActiveAttempt {
      Objects.requireNonNull(runId, "runId");
    }
  }

  public WorkerHeartbeat {
    Objects.requireNonNull(workerId, "workerId");
    Objects.requireNonNull(sentAt, "sentAt");
    active = active == null ? List.of() : List.copyOf(active);
    if (slots < 0) {
      throw new IllegalArgumentException("slots must be >= 0, got " + slots);
    }
  }

  public static WorkerHeartbeat of(String workerId, int slots, List<ActiveAttempt> active) {
    return new WorkerHeartbeat(SCHEMA_VERSION, workerId, slots, active, Instant.now());
  }
}
