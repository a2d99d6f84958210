package org.normlab.api.dataset;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Datasets from configuration, by name: the defaults the {@code datasets} table is seeded with at
 * start (admins manage the table over the API afterwards). Specs name a dataset, never a path: the
 * workers map the same names to their storage.
 *
 * @param datasetRefresh how long an API instance trusts its copy of the table before reading it
 *     again, so that a change made through another instance is seen within this time (at once on
 *     the instance that made it)
 */
@ConfigurationProperties("normlab")
public record DatasetProperties(Map<String, DatasetInfo> datasets, Duration datasetRefresh) {

  public record DatasetInfo(String task, int numClasses, String description) {}

  public DatasetProperties {
    datasets = datasets == null ? Map.of() : Map.copyOf(datasets);
    datasetRefresh = datasetRefresh == null ? Duration.ofSeconds(5) : datasetRefresh;
  }
}
