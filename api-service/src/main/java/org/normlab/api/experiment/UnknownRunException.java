package org.normlab.api.experiment;

import java.util.UUID;

/** A message about a run this service never created: not retryable, it goes to the dead-letter topic. */
public class UnknownRunException extends RuntimeException {
  public UnknownRunException(UUID runId) {
    super("No run with id " + runId);
  }
}
