package org.normlab.contracts.run;

/**
 * Lifecycle of one training attempt, in the order a healthy attempt reports them. An attempt ends
 * with exactly one terminal event: COMPLETED, FAILED, PAUSED (checkpointed and stopped on request,
 * to be resumed as a new attempt) or CANCELLED (stopped on request).
 */
public enum RunEventType {
  STARTED,
  PROGRESS,
  CHECKPOINTED,
  COMPLETED,
  FAILED,
  PAUSED,
  CANCELLED;

  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED || this == PAUSED || this == CANCELLED;
  }
}
