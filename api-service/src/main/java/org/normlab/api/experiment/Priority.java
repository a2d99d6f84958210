package org.normlab.api.experiment;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Scheduling priority: a higher class is always dispatched before a lower one. */
public enum Priority {
  LOW(-1),
  NORMAL(0),
  HIGH(1);

  static final List<String> NAMES = Arrays.stream(values()).map(p -> p.name().toLowerCase(Locale.ROOT)).toList();

  private final int weight;

  Priority(int weight) {
    this.weight = weight;
  }

  int weight() {
    return weight;
  }

  static Priority ofWeight(int weight) {
    return Arrays.stream(values()).filter(p -> p.weight == weight).findFirst().orElse(NORMAL);
  }
}
