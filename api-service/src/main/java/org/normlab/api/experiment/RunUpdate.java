package org.normlab.api.experiment;

import java.time.Instant;
import java.util.UUID;

/**
 * A change to a run as it is stored: a metric point ({@code point} set, from a PROGRESS event) or a
 * status change (a worker's event, an evaluation's end, a control request). Published inside the
 * transaction that stored it; live streams send it once that transaction commits.
 *
 * @param cause what happened: the run event's type ({@code STARTED}, {@code PROGRESS},
 *     {@code CHECKPOINTED}, ...), {@code DISPATCHED}, {@code EVALUATED}, or the control action
 */
public record RunUpdate(UUID runId, String cause, RunStatus status, int attempt, MetricPoint point,
    String checkpointUri, String failure, Instant at) {

  /** The SSE event name clients listen for. */
  public String kind() {
    return point == null ? "status" : "metric";
  }

  static RunUpdate of(Experiment e, String cause, MetricPoint point, Instant at) {
    return new RunUpdate(e.getId(), cause, e.getStatus(), e.getAttempt(), point, e.getCheckpointUri(),
        e.getFailure(), at);
  }
}
