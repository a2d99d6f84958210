package org.normlab.ml.nn;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Every parameter and buffer of a block tree under its PyTorch state-dict key ({@code
 * layer1.0.conv1.weight}, {@code bn1.running_mean}, {@code fc.bias}), in registration order.
 *
 * <p>DJL stores a child under {@code String.format("%02d%s", position, name)}; this walk strips
 * exactly that prefix and joins names with dots. Blocks that name children and parameters after
 * PyTorch's attributes therefore get PyTorch's keys, which is what weight import/export and our
 * checkpoints use.
 */
public final class StateNames {

  private StateNames() {}

  /** Keys to parameters; running statistics included (they do not require gradients). */
  public static Map<String, Parameter> of(Block root) {
    Map<String, Parameter> named = new LinkedHashMap<>();
    collect(root, "", named, new LinkedHashMap<>());
    return Collections.unmodifiableMap(named);
  }

  /**
   * Every block of the tree under its PyTorch module path ({@code ""} for the root, {@code
   * layer1.0.bn1}), parents before children: what a key's prefix refers to, e.g. to tell which keys
   * belong to a BatchNorm.
   */
  public static Map<String, Block> modules(Block root) {
    Map<String, Block> modules = new LinkedHashMap<>();
    collect(root, "", new LinkedHashMap<>(), modules);
    return Collections.unmodifiableMap(modules);
  }

  private static void collect(
      Block block, String prefix, Map<String, Parameter> into, Map<String, Block> modules) {
    modules.put(prefix.isEmpty() ? "" : prefix.substring(0, prefix.length() - 1), block);
    for (Pair<String, Parameter> direct : block.getDirectParameters()) {
      put(into, prefix + direct.getKey(), direct.getValue());
    }
    int position = 1;
    for (Pair<String, Block> child : block.getChildren()) {
      String stored = child.getKey();
      String marker = String.format(Locale.ROOT, "%02d", position++);
      if (!stored.startsWith(marker)) {
        throw new IllegalStateException(
            "Child '"
                + stored
                + "' of "
                + block.getClass().getSimpleName()
                + " does not carry DJL's position prefix "
                + marker);
      }
      collect(child.getValue(), prefix + stored.substring(marker.length()) + ".", into, modules);
    }
  }

  private static void put(Map<String, Parameter> into, String key, Parameter parameter) {
    if (into.put(key, parameter) != null) {
      throw new IllegalStateException("Two parameters share the state key " + key);
    }
  }
}
