package org.normlab.ml.data;

import java.util.Locale;

/** A dataset split. Evaluation requests name it as text: {@code "train"} or {@code "test"}. */
public enum Split {
  TRAIN,
  TEST;

  /**
   * Parses {@code "train"} or {@code "test"} (case-insensitive).
   *
   * @throws IllegalArgumentException naming the value and the allowed ones
   */
  public static Split parse(String text) {
    if (text != null) {
      switch (text.trim().toLowerCase(Locale.ROOT)) {
        case "train":
          return TRAIN;
        case "test":
          return TEST;
        default:
          break;
      }
    }
    throw new IllegalArgumentException("Unknown split '" + text + "'; allowed: train, test");
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
