package org.normlab.ml.checkpoint;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * What a training checkpoint holds.
 *
 * @param model every parameter and buffer (BN running statistics) by PyTorch state key
 * @param momentum SGD momentum buffers by the same keys (empty for momentum 0)
 * @param counters iteration, epoch, sampler position and identity checks
 */
public record CheckpointContent(
    Map<String, NDArray> model, Map<String, NDArray> momentum, TrainingCounters counters) {

  public CheckpointContent {
    model = Map.copyOf(model);
    momentum = Map.copyOf(momentum);
  }
}
