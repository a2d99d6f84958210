package org.normlab.ml.train;

import org.normlab.contracts.run.CheckpointRef;
import org.normlab.contracts.run.Progress;

/**
 * A finished run: the progress at its last iteration and the checkpoint written there.
 *
 * @param last progress at the final iteration; its loss is the mean since the previous report
 */
public record TrainingOutcome(Progress last, CheckpointRef finalCheckpoint) {}
