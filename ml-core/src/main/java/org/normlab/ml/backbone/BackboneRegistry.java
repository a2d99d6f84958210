package org.normlab.ml.backbone;

import ai.djl.nn.Block;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.normlab.contracts.model.ClosestNames;

/**
 * Backbones by name (and alias). Immutable; {@link #defaults()} holds every family ml-core
 * implements.
 */
public final class BackboneRegistry {

  private final SortedMap<String, BackboneDefinition> definitions;
  private final SortedMap<String, BackboneDefinition> aliases;

  private BackboneRegistry(
      SortedMap<String, BackboneDefinition> definitions,
      SortedMap<String, BackboneDefinition> aliases) {
    this.definitions = Collections.unmodifiableSortedMap(definitions);
    this.aliases = Collections.unmodifiableSortedMap(aliases);
  }

  /**
   * A registry of the given definitions.
   *
   * @throws IllegalStateException when two definitions share a name or alias
   */
  public static BackboneRegistry of(Collection<BackboneDefinition> definitions) {
    SortedMap<String, BackboneDefinition> byName = new TreeMap<>();
    SortedMap<String, BackboneDefinition> byAlias = new TreeMap<>();
    for (BackboneDefinition definition : definitions) {
      if (byName.putIfAbsent(definition.name(), definition) != null) {
        throw new IllegalStateException("Backbone '" + definition.name() + "' registered twice");
      }
      for (String alias : definition.aliases()) {
        if (byAlias.putIfAbsent(alias, definition) != null) {
          throw new IllegalStateException("Backbone alias '" + alias + "' registered twice");
        }
      }
    }
    for (String alias : byAlias.keySet()) {
      if (byName.containsKey(alias)) {
        throw new IllegalStateException("Backbone alias '" + alias + "' is also a name");
      }
    }
    return new BackboneRegistry(byName, byAlias);
  }

  /** Every family ml-core implements; a new family is one more list here. */
  public static BackboneRegistry defaults() {
    return of(
        families(
            ResNetFamily.definitions(),
            DenseNetFamily.definitions(),
            MxResNetFamily.definitions()));
  }

  @SafeVarargs
  private static List<BackboneDefinition> families(List<BackboneDefinition>... families) {
    return Stream.of(families).flatMap(List::stream).toList();
  }

  /** Registered names in natural order (aliases excluded). */
  public SortedSet<String> names() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(definitions.keySet()));
  }

  /** Each alias with the name it resolves to, in natural order of the aliases. */
  public SortedMap<String, String> aliases() {
    SortedMap<String, String> result = new TreeMap<>();
    aliases.forEach((alias, definition) -> result.put(alias, definition.name()));
    return Collections.unmodifiableSortedMap(result);
  }

  /**
   * The definition registered under {@code name} or an alias of it.
   *
   * @throws IllegalArgumentException "Unknown backbone 'x'; did you mean 'y'? Known: ..."
   */
  public BackboneDefinition get(String name) {
    BackboneDefinition definition =
        name == null ? null : definitions.getOrDefault(name, aliases.get(name));
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

  /**
   * Builds the named backbone (uninitialized), with the definition's norm placement (IBN-a, IBN-b)
   * applied on top of {@code config}'s norm policy.
   */
  public Block create(String name, BackboneConfig config) {
    return get(name).build(config);
  }

  private String closest(String name) {
    List<String> nearest =
        ClosestNames.closest(name, union(definitions.keySet(), aliases.keySet()), 1);
    return nearest.isEmpty() ? null : nearest.get(0);
  }

  private static List<String> union(Collection<String> a, Collection<String> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }
}
