package org.normlab.ml.backbone;

import ai.djl.nn.Block;
import java.util.Collection;
import java.util.Collections;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** Backbones by name. Immutable; {@link #defaults()} holds every family ml-core implements. */
public final class BackboneRegistry {

  private final SortedMap<String, BackboneDefinition> definitions;

  private BackboneRegistry(SortedMap<String, BackboneDefinition> definitions) {
    this.definitions = Collections.unmodifiableSortedMap(definitions);
  }

  /**
   * A registry of the given definitions.
   *
   * @throws IllegalStateException when two definitions share a name
   */
  public static BackboneRegistry of(Collection<BackboneDefinition> definitions) {
    SortedMap<String, BackboneDefinition> byName = new TreeMap<>();
    for (BackboneDefinition definition : definitions) {
      if (byName.putIfAbsent(definition.name(), definition) != null) {
        throw new IllegalStateException("Backbone '" + definition.name() + "' registered twice");
      }
    }
    return new BackboneRegistry(byName);
  }

  /** The ResNet family: resnet10, resnet18, resnet34. */
  public static BackboneRegistry defaults() {
    return of(ResNetFamily.definitions());
  }

  /** Registered names in natural order. */
  public SortedSet<String> names() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(definitions.keySet()));
  }

  /**
   * The definition registered under {@code name}.
   *
   * @throws IllegalArgumentException "Unknown backbone 'x'; did you mean 'y'? Known: ..."
   */
  public BackboneDefinition get(String name) {
    BackboneDefinition definition = name == null ? null : definitions.get(name);
    if (definition == null) {
      String suggestion = closest(name == null ? "" : name);
      throw new IllegalArgumentException(
          "Unknown backbone '"
              + name
              + "'; "
              + (suggestion == null ? "" : "did you mean '" + suggestion + "'? ")
              + "Known: "
              + String.join(", ", definitions.keySet()));
    }
    return definition;
  }

  /** Builds the named backbone (uninitialized). */
  public Block create(String name, BackboneConfig config) {
    return get(name).builder().build(config);
  }

  private String closest(String name) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : definitions.keySet()) {
      int distance = editDistance(name, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    // Suggest only plausible typos, not an arbitrary name.
    return best != null && bestDistance <= Math.max(2, best.length() / 3) ? best : null;
  }

  /** Edits (insert, delete, substitute, swap adjacent) from a to b: typos like "resnet81". */
  static int editDistance(String a, String b) {
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
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
