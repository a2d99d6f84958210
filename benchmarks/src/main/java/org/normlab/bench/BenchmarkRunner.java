package org.normlab.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs named benchmarks and prints one JSON object per benchmark on its own line:
 * {@code {"benchmark": ..., "figures": {...}, "environment": {...}}}. No argument runs them all;
 * {@code --list} lists them.
 */
public final class BenchmarkRunner {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private BenchmarkRunner() {}

  public static void main(String[] args) throws Exception {
    Map<String, Benchmark> registry = Benchmarks.all();
    if (List.of(args).contains("--list")) {
      registry.values().forEach(b -> System.out.println(b.name() + "\t" + b.description()));
      return;
    }
    List<Benchmark> selected = new ArrayList<>();
    for (String name : args.length == 0 ? registry.keySet().toArray(String[]::new) : args) {
      Benchmark benchmark = registry.get(name);
      if (benchmark == null) {
        System.err.println("Unknown benchmark '" + name + "'; known: " + String.join(", ", registry.keySet()));
        System.exit(2);
      }
      selected.add(benchmark);
    }
    for (Benchmark benchmark : selected) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("benchmark", benchmark.name());
      line.put("figures", benchmark.run());
      line.put("environment", environment());
      System.out.println(JSON.writeValueAsString(line));
    }
  }

  static Map<String, Object> environment() {
    Map<String, Object> env = new LinkedHashMap<>();
    env.put("cores", Runtime.getRuntime().availableProcessors());
    env.put("java", System.getProperty("java.version"));
    env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    env.put("mallocTuned", System.getenv("MALLOC_MMAP_THRESHOLD_") != null);
    return env;
  }
}
