package org.normlab.api.system;

import java.util.UUID;
import org.slf4j.MDC;

/**
 * Puts {@code runId} (and {@code attempt} when known) in the logging MDC while open, so that each
 * structured log line of a listener says which run it is about.
 */
public final class RunLogContext implements AutoCloseable {

  private RunLogContext(UUID runId, Integer attempt) {
    MDC.put("runId", runId.toString());
    if (attempt != null) {
      MDC.put("attempt", attempt.toString());
    }
  }

  public static RunLogContext of(UUID runId, Integer attempt) {
    return new RunLogContext(runId, attempt);
  }

  @Override
  public void close() {
    MDC.remove("runId");
    MDC.remove("attempt");
  }
}
