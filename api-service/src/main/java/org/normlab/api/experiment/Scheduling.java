package org.normlab.api.experiment;

/**
 * How a run is scheduled, as opposed to what it trains: its priority class, the owner whose fair
 * share it counts against, and how often a lost worker may be replaced.
 */
record Scheduling(Priority priority, String owner, int maxRestarts) {
  static final String DEFAULT_OWNER = "default";
  static final int DEFAULT_MAX_RESTARTS = 3;
  static final int MAX_RESTARTS_LIMIT = 20;
}
