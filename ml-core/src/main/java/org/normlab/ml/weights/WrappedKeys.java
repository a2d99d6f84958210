package org.normlab.ml.weights;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A file's keys with the legacy packaging removed. Two variants of the official key names exist in
 * the wild (seeds-spec B, H):
 *
 * <ul>
 *   <li>a training checkpoint {@code {'state_dict': ..., 'epoch': ..., 'optimizer': ...}} flattened
 *       with dots, so weights read {@code state_dict.conv1.weight} and the rest ({@code epoch},
 *       {@code optimizer.state...}) is bookkeeping: when any key starts with {@code state_dict.},
 *       only those keys are weights and the others are ignored;
 *   <li>{@code nn.DataParallel}'s {@code module.} prefix, stripped when every weight key has it.
 * </ul>
 *
 * @param tensors the weights under plain state-dict keys
 * @param strippedPrefix what was removed: "", "module.", "state_dict." or "state_dict.module."
 * @param bookkeeping keys outside the {@code state_dict.} wrapper
 */
record WrappedKeys(
    Map<String, HostTensor> tensors, String strippedPrefix, List<String> bookkeeping) {

  static final String WRAPPER = "state_dict.";
  static final String DATA_PARALLEL = "module.";

  static WrappedKeys unwrap(Map<String, HostTensor> raw) {
    Map<String, HostTensor> tensors = raw;
    List<String> bookkeeping = new ArrayList<>();
    String stripped = "";
    if (raw.keySet().stream().anyMatch(key -> key.startsWith(WRAPPER))) {
      tensors = new LinkedHashMap<>();
      for (Map.Entry<String, HostTensor> entry : raw.entrySet()) {
        if (entry.getKey().startsWith(WRAPPER)) {
          tensors.put(entry.getKey().substring(WRAPPER.length()), entry.getValue());
        } else {
          bookkeeping.add(entry.getKey());
        }
      }
      stripped = WRAPPER;
    }
    if (!tensors.isEmpty()
        && tensors.keySet().stream().allMatch(key -> key.startsWith(DATA_PARALLEL))) {
      Map<String, HostTensor> unprefixed = new LinkedHashMap<>();
      tensors.forEach((key, value) -> unprefixed.put(key.substring(DATA_PARALLEL.length()), value));
      tensors = unprefixed;
      stripped += DATA_PARALLEL;
    }
    return new WrappedKeys(tensors, stripped, List.copyOf(bookkeeping));
  }
}
