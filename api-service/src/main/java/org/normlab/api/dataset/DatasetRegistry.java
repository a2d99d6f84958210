package org.normlab.api.dataset;

import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.stereotype.Component;

/** The registered datasets, in name order. */
@Component
public class DatasetRegistry {

  public record Dataset(String name, String task, int numClasses, String description) {}

  private final TreeMap<String, Dataset> byName = new TreeMap<>();

  DatasetRegistry(DatasetProperties properties) {
    properties.datasets().forEach(
        (name, info) -> byName.put(name, new Dataset(name, info.task(), info.numClasses(), info.description())));
  }

  public Optional<Dataset> find(String name) {
    return Optional.ofNullable(name == null ? null : byName.get(name));
  }

  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  public List<Dataset> all() {
    return List.copyOf(byName.values());
  }
}
