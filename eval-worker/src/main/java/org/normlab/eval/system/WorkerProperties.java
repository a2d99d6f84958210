package org.normlab.eval.system;

import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The eval worker's settings: where checkpoints are read from, and where each registered
 * dataset lives on this node (specs carry names only).
 */
@ConfigurationProperties("normlab")
public record WorkerProperties(
    String workerId, Path checkpointDir, Map<String, DatasetLocation> datasets) {

  public record DatasetLocation(String format, Path location, int numClasses, int channels, int height, int width) {}

  public WorkerProperties {
    datasets = datasets == null ? Map.of() : Map.copyOf(datasets);
  }
}
