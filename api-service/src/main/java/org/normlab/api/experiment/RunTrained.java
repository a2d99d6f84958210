package org.normlab.api.experiment;

import java.util.UUID;
import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.ExperimentSpec;

/**
 * Published in-process, inside the transaction that records it, when a model is ready to be scored:
 * a run's training completed, or a pretrained model was registered.
 */
public record RunTrained(UUID runId, ExperimentSpec spec, CheckpointRef finalCheckpoint) {}
