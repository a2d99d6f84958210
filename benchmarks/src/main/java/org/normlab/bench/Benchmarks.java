package org.normlab.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The benchmark registry: later issues add theirs here. */
final class Benchmarks {

  private Benchmarks() {}

  static Map<String, Benchmark> all() {
    Map<String, Benchmark> byName = new LinkedHashMap<>();
    for (Benchmark b :
        List.of(
            new TrainingThroughputBenchmark(),
            new CheckpointStoreBenchmark(),
            new ResNet50CheckpointBenchmark(),
            new MabnBenchmark(),
            new SubmissionLoadBenchmark(),
            new ModelZooBenchmark(),
            new DataParallelBenchmark(),
            new LeaderboardBenchmark(),
            new DataPipelineBenchmark(),
            new CocoShapesBenchmark())) {
      if (byName.putIfAbsent(b.name(), b) != null) {
        throw new IllegalStateException("Duplicate benchmark name " + b.name());
      }
    }
    return byName;
  }
}
