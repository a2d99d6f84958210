package org.normlab.trainer.job;

import java.util.UUID;
import org.slf4j.MDC;

/** Puts {@code runId} and {@code attempt} in the logging MDC for as long as it is open. */
final class RunLogContext implements AutoCloseable {

  private RunLogContext(UUID runId, int attempt) {
    MDC.put("runId", runId.toString());
    MDC.put("attempt", Integer.toString(attempt));
  }

  static RunLogContext of(UUID runId, int attempt) {
    return new RunLogContext(runId, attempt);
  }

  @Override
  public void close() {
    MDC.remove("runId");
    MDC.remove("attempt");
  }
}
