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

  /** The priority a client named ({@code low}, {@code normal}, {@code high}, any case); null if none. */
  static Priority fromWire(String name) {
    return name == null ? null
        : Arrays.stream(values()).filter(p -> p.name().equalsIgnoreCase(name.strip())).findFirst().orElse(null);
  }

  static Priority ofWeight(int weight) {
    return Arrays.stream(values()).filter(p -> p.weight == weight).findFirst().orElse(NORMAL);
  }
}
