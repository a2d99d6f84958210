package org.normlab.api.experiment;

import java.time.Instant;

/** One ingested event of a run: which attempt, in what order, from which worker. */
public record RunEventView(int attempt, long sequence, String type, Instant occurredAt, String worker) {}
