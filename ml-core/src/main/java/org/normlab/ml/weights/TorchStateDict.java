package org.normlab.ml.weights;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.normlab.ml.nn.StateNames;
import org.normlab.ml.norm.BatchNorm2d;

/**
 * A block's state as {@code torch.nn.Module.state_dict()} would list it: every parameter and buffer
 * under its key, plus what PyTorch has and we do not keep, {@code num_batches_tracked} (int64
 * scalar) after each BatchNorm's {@code running_var}, so the file passes {@code
 * load_state_dict(strict=True)}.
 */
final class TorchStateDict {

  private TorchStateDict() {}

  static Map<String, HostTensor> of(Block block, long batchesTracked) {
    Map<String, Parameter> state = StateNames.of(block);
    Map<String, HostTensor> tensors = new LinkedHashMap<>();
    state.forEach(
        (key, parameter) -> {
          if (!parameter.isInitialized()) {
            throw notInitialized(key);
          }
          tensors.put(key, HostTensor.of(parameter.getArray(), key));
        });
    Map<String, HostTensor> withCounters = new LinkedHashMap<>();
    Map<String, String> counterAfter = counters(block, state);
    tensors.forEach(
        (key, tensor) -> {
          withCounters.put(key, tensor);
          String counter = counterAfter.get(key);
          if (counter != null) {
            withCounters.put(counter, HostTensor.int64Scalar(batchesTracked));
          }
        });
    return withCounters;
  }

  /** running_var key of each BatchNorm2d to the counter key that follows it in PyTorch. */
  private static Map<String, String> counters(Block block, Map<String, Parameter> state) {
    Map<String, String> after = new LinkedHashMap<>();
    StateNames.modules(block)
        .forEach(
            (module, child) -> {
              String prefix = module.isEmpty() ? "" : module + ".";
              String counter = prefix + StateMatch.BATCHES_TRACKED;
              if (child instanceof BatchNorm2d && !state.containsKey(counter)) {
                after.put(prefix + "running_var", counter);
              }
            });
    return after;
  }

  static IllegalStateException notInitialized(String key) {
    return new IllegalStateException(
        "Parameter "
            + key
            + " is not initialized; initialize the block (Network.create does) before importing"
            + " or exporting weights");
  }
}
