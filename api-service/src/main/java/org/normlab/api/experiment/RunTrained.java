package org.normlab.api.experiment;

import java.util.UUID;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.ExperimentSpec;

/** Published (in-process, inside the ingesting transaction) when a run's training completed. */
public record RunTrained(UUID runId, ExperimentSpec spec, CheckpointRef finalCheckpoint) {}
