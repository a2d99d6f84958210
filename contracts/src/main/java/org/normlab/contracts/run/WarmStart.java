package org.normlab.contracts.run;

import java.util.Objects;
import java.util.UUID;

/**
 * A run that starts from another run's checkpoint instead of freshly initialized weights (retrain):
 * the weights and norm-layer state are loaded from {@code checkpoint}; the new run's own optimizer,
 * schedule and length apply from its iteration 0.
 *
 * @param sourceRunId the run the checkpoint belongs to
 * @param keepOptimizerState load the checkpoint's momentum buffers too, rather than starting them
 *     at zero
 */
public record WarmStart(UUID sourceRunId, CheckpointRef checkpoint, boolean keepOptimizerState) {

  public WarmStart {
    Objects.requireNonNull(sourceRunId, "sourceRunId");
    Objects.requireNonNull(checkpoint, "checkpoint");
  }
}
