package org.normlab.ml.data;

import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** The datasets a worker can serve, by name. Immutable. */
public final class DatasetCatalog {

  /** Where Debian's {@code dataset-fashion-mnist} package installs its files. */
  public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

  private final SortedMap<String, DatasetDefinition> definitions;

  private DatasetCatalog(SortedMap<String, DatasetDefinition> definitions) {
    this.definitions = Collections.unmodifiableSortedMap(definitions);
  }

  /**
   * A catalog of the given definitions.
   *
   * @throws IllegalArgumentException when two definitions share a name
   */
  public static DatasetCatalog of(Collection<DatasetDefinition> definitions) {
    SortedMap<String, DatasetDefinition> byName = new TreeMap<>();
    for (DatasetDefinition definition : definitions) {
      if (byName.putIfAbsent(definition.name(), definition) != null) {
        throw new IllegalArgumentException("Duplicate dataset name '" + definition.name() + "'");
      }
    }
    return new DatasetCatalog(byName);
  }

  /** {@code fashion-mnist} from the Debian package location: 10 classes of 1x28x28 images. */
  public static DatasetCatalog defaults() {
    return of(
        List.of(
            new DatasetDefinition(
                "fashion-mnist",
                DatasetFormat.FASHION_MNIST_IDX,
                DEBIAN_FASHION_MNIST,
                10,
                1,
                28,
                28)));
  }

  /**
   * The definition registered under {@code name}.
   *
   * @throws IllegalArgumentException listing the known names when there is none
   */
  public DatasetDefinition get(String name) {
    DatasetDefinition definition = name == null ? null : definitions.get(name);
    if (definition == null) {
      throw new IllegalArgumentException(
          "Unknown dataset '" + name + "'; known: " + String.join(", ", definitions.keySet()));
    }
    return definition;
  }

  /** Registered names in natural order. */
  public SortedSet<String> names() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(definitions.keySet()));
  }
}
