package org.normlab.ml.weights;

import java.util.List;
import java.util.StringJoiner;

/**
 * What an import did, key by key (state-dict keys, after removing {@code strippedPrefix}).
 *
 * @param strippedPrefix packaging removed from the file's keys: "", "module.", "state_dict." or
 *     "state_dict.module."
 * @param loaded keys copied into the model
 * @param missing model keys the file lacks (left unchanged)
 * @param unexpected file keys the model has no place for
 * @param mismatched keys in both whose shape or element type do not fit (left unchanged)
 * @param ignored file keys skipped on purpose: {@code num_batches_tracked} the model does not keep,
 *     legacy instance-norm running statistics, and checkpoint bookkeeping outside {@code
 *     state_dict.}
 * @param untouched model keys that may be absent ({@code num_batches_tracked}) and were
 */
public record ImportReport(
    String strippedPrefix,
    List<String> loaded,
    List<String> missing,
    List<String> unexpected,
    List<KeyMismatch> mismatched,
    List<String> ignored,
    List<String> untouched) {

  /** How many entries of each list {@link #problems()} shows. */
  static final int SHOWN = 5;

  public ImportReport {
    loaded = List.copyOf(loaded);
    missing = List.copyOf(missing);
    unexpected = List.copyOf(unexpected);
    mismatched = List.copyOf(mismatched);
    ignored = List.copyOf(ignored);
    untouched = List.copyOf(untouched);
  }

  /** True when every model key was loaded (or may be absent) and the file had nothing else. */
  public boolean isComplete() {
    return missing.isEmpty() && unexpected.isEmpty() && mismatched.isEmpty();
  }

  /**
   * The problems in one line, the first {@value #SHOWN} keys of each kind with counts: {@code 2
   * missing [fc.weight, fc.bias]; 1 mis-shaped [conv1.weight: model float32 (8, 3, 7, 7), file
   * float32 (8, 3, 3, 3)]}. Empty when complete.
   */
  public String problems() {
    StringJoiner parts = new StringJoiner("; ");
    add(parts, "missing", missing);
    add(parts, "unexpected", unexpected);
    add(parts, "mis-shaped", mismatched);
    return parts.toString();
  }

  private static void add(StringJoiner parts, String kind, List<?> items) {
    if (items.isEmpty()) {
      return;
    }
    StringJoiner shown = new StringJoiner(", ", "[", "]");
    items.stream().limit(SHOWN).forEach(item -> shown.add(item.toString()));
    if (items.size() > SHOWN) {
      shown.add("... " + (items.size() - SHOWN) + " more");
    }
    parts.add(items.size() + " " + kind + " " + shown);
  }
}
