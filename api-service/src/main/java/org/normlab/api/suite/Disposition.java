package org.normlab.api.suite;

/** What a launch did with a suite row. */
enum Disposition {
  /** A new run was queued. */
  SUBMITTED,
  /** A run with the same config hash and code version exists; it is linked, not retrained. */
  DEDUPLICATED,
  /** The row says why it cannot run here (e.g. a task this server does not have). */
  NOT_RUNNABLE,
  /** The row's dataset is not registered on this server. */
  DATASET_NOT_REGISTERED,
  /** The row's experiment failed validation (the note says which fields). */
  INVALID
}
