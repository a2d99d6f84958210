package org.normlab.trainer.system;

import java.nio.file.Path;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The trainer's settings: where checkpoints go, how often it reports, and where each registered
 * dataset lives on this node (specs carry names only).
 */
@ConfigurationProperties("normlab")
public record WorkerProperties(
    String workerId, Path checkpointDir, Reporting reporting, Map<String, DatasetLocation> datasets) {

  public record Reporting(int progressEveryIterations, int checkpointEveryIterations, int keepLastCheckpoints) {}

  public record DatasetLocation(String format, Path location, int numClasses, int channels, int height, int width) {}

  public WorkerProperties {
    datasets = datasets == null ? Map.of() : Map.copyOf(datasets);
  }
}
