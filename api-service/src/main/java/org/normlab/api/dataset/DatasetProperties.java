package org.normlab.api.dataset;

import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Datasets registered on the server, by name. Specs name a dataset, never a path: the workers map
 * the same names to their storage.
 */
@ConfigurationProperties("normlab")
public record DatasetProperties(Map<String, DatasetInfo> datasets) {

  public record DatasetInfo(String task, int numClasses, String description) {}

  public DatasetProperties {
    datasets = datasets == null ? Map.of() : Map.copyOf(datasets);
  }
}
