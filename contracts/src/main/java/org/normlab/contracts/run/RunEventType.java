package org.normlab.contracts.run;

/** Lifecycle of one training attempt, in the order a healthy attempt reports them. */
public enum RunEventType {
  STARTED,
  PROGRESS,
  CHECKPOINTED,
  COMPLETED,
  FAILED;

  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED;
  }
}
