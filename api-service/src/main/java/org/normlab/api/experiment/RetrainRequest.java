package org.normlab.api.experiment;

/**
 * The body of {@code POST /api/v1/experiments/{id}/retrain}: start a new run from the source run's
 * checkpoint at the end of epoch {@code fromEpoch}.
 *
 * @param keepOptimizerState load the checkpoint's momentum buffers (default false: start at zero)
 * @param spec fields of the new run's spec that differ from the source's (typically {@code
 *     optimizer}, {@code epochs}, {@code name}); the model fields must stay the source's
 */
public record RetrainRequest(Integer fromEpoch, Boolean keepOptimizerState, CreateExperimentRequest spec) {}
