package org.normlab.api.experiment;

/** Where a run is. QUEUED -> RUNNING -> EVALUATING -> SUCCEEDED; any stage may end in FAILED. */
public enum RunStatus {
  QUEUED,
  RUNNING,
  EVALUATING,
  SUCCEEDED,
  FAILED;

  public boolean isFinal() {
    return this == SUCCEEDED || this == FAILED;
  }
}
