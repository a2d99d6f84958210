package org.normlab.contracts.model;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * "Did you mean" for names from a fixed vocabulary (backbones, norms): the candidates within a few
 * typing errors of what was given, nearest first. Shared by the API's validation and ml-core's
 * registry so both suggest the same names.
 */
public final class ClosestNames {

  private ClosestNames() {}

  /**
   * Up to {@code max} candidates that are plausible typos of {@code name} (at most max(2, a third
   * of the candidate's length) edits away), nearest first, ties by name; empty when none is close.
   */
  public static List<String> closest(String name, Collection<String> candidates, int max) {
    String given = name == null ? "" : name;
    record Scored(String candidate, int distance) {}
    return candidates.stream()
        .distinct()
        .map(c -> new Scored(c, editDistance(given, c)))
        .filter(s -> s.distance() <= Math.max(2, s.candidate().length() / 3))
        .sorted(Comparator.comparingInt(Scored::distance).thenComparing(Scored::candidate))
        .limit(max)
        .map(Scored::candidate)
        .toList();
  }

  /** Edits (insert, delete, substitute, swap adjacent) from a to b: typos like "resnet81". */
  public static int editDistance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(d[i - 1][j - 1] + cost, Math.min(d[i - 1][j], d[i][j - 1]) + 1);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
