package org.normlab.api.auth;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What a token may do; each role includes the ones before it (viewer &lt; researcher &lt; admin). */
public enum Role {
  /** Reads: runs, queue, workers, leaderboards, datasets. */
  VIEWER,
  /** Reads and mutations: submissions, pretrained registrations, cancel / pause / resume. */
  RESEARCHER,
  /** Everything, including managing tokens. */
  ADMIN;

  public boolean includes(Role required) {
    return ordinal() >= required.ordinal();
  }

  /** The name clients use: {@code viewer}, {@code researcher}, {@code admin}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static List<String> wireNames() {
    return Arrays.stream(values()).map(Role::wireName).toList();
  }

  /** The role a client named, case-insensitively; null when it names none. */
  public static Role fromWire(String name) {
    return name == null ? null : Arrays.stream(values())
        .filter(r -> r.wireName().equalsIgnoreCase(name)).findFirst().orElse(null);
  }
}
