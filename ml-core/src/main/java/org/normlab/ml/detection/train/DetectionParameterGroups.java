package org.normlab.ml.detection.train;

import java.util.function.Function;
import org.normlab.contracts.run.OptimizerSpec;
import org.normlab.ml.train.Sgd.ParameterGroup;

/**
 * maskrcnn-benchmark's {@code make_optimizer}: a parameter whose key contains {@code bias} trains
 * at {@code BIAS_LR_FACTOR} (2) x the rate with {@code WEIGHT_DECAY_BIAS} (0); every other one at
 * the rate with the spec's weight decay (norm weights included, as there). The MABN COCO configs
 * keep these defaults (seeds-spec F.3); the spec has no fields for them.
 */
public final class DetectionParameterGroups {

  public static final double BIAS_LR_FACTOR = 2;
  public static final double WEIGHT_DECAY_BIAS = 0;

  private DetectionParameterGroups() {}

  public static Function<String, ParameterGroup> of(OptimizerSpec spec) {
    ParameterGroup weights = new ParameterGroup(1, spec.weightDecay());
    ParameterGroup biases = new ParameterGroup(BIAS_LR_FACTOR, WEIGHT_DECAY_BIAS);
    return key -> key.contains("bias") ? biases : weights;
  }
}
