package org.normlab.api.experiment;

/**
 * Where a run is. QUEUED -> DISPATCHED (assigned to a worker, lease held) -> RUNNING -> EVALUATING
 * -> SUCCEEDED. A lost worker sends the run back to QUEUED as a new attempt; PAUSING -> PAUSED and
 * back to QUEUED on resume; any stage may end in FAILED or CANCELLED.
 */
public enum RunStatus {
  QUEUED,
  DISPATCHED,
  RUNNING,
  PAUSING,
  PAUSED,
  EVALUATING,
  SUCCEEDED,
  FAILED,
  CANCELLED;

  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELLED;
  }

  /** Whether a worker holds (or is about to hold) this run: the states a lease covers. */
  public boolean isOnWorker() {
    return this == DISPATCHED || this == RUNNING || this == PAUSING;
  }
}
