package org.normlab.contracts.run;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.normlab.contracts.Versioned;

/**
 * Command on {@link org.normlab.contracts.Topics#RUN_CONTROL}: the worker running attempt
 * {@code attempt} of {@code runId} is to stop it. PAUSE checkpoints first and reports PAUSED;
 * CANCEL reports CANCELLED. Workers not running that attempt ignore it.
 */
public record RunControl(int schemaVersion, UUID runId, int attempt, Action action, String reason, Instant issuedAt)
    implements Versioned {

  public static final int SCHEMA_VERSION = 1;

  public enum Action {
    PAUSE,
    CANCEL
  }

  public RunControl {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(issuedAt, "issuedAt");
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt must be >= 1, got " + attempt);
    }
  }

  public static RunControl of(UUID runId, int attempt, Action action, String reason) {
    return new RunControl(SCHEMA_VERSION, runId, attempt, action, reason, Instant.now());
  }
}
