package org.normlab.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * What one service really reads, taken from its own sources: the environment variables its
 * application.yml names as placeholders or binds by Spring's relaxed rules, its HTTP port, whether
 * the probe and Prometheus endpoints are on, and the executable jar its pom builds.
 */
record ServiceConfiguration(String module, String jar, int port, Set<String> placeholders,
    Set<String> properties, boolean probes, Set<String> exposedEndpoints, JsonNode yaml) {

  static final Path ROOT = Path.of("..", "..").toAbsolutePath().normalize();
  static final YAMLMapper YAML = YAMLMapper.builder().build();

  /**
   * Read by the JVM's runtime, not by Spring: DJL's native loading (docs/ml-core.md), glibc's
   * allocator tuning for DJL, and the NVIDIA container runtime. Allowed only in the ML services.
   */
  static final Map<String, String> NATIVE_RUNTIME_ENV = Map.of(
      "DJL_OFFLINE", "DJL: never download at run time",
      "ENGINE_CACHE_DIR", "DJL: where natives and the JNI bridge are cached",
      "PYTORCH_LIBRARY_PATH", "DJL: a libtorch directory preferred over the jar's",
      "PYTORCH_VERSION", "DJL: the libtorch version in that directory",
      "PYTORCH_FLAVOR", "DJL: cpu or a CUDA flavor",
      "MALLOC_MMAP_THRESHOLD_", "glibc, DJL's allocator churn",
      "MALLOC_TRIM_THRESHOLD_", "glibc, DJL's allocator churn",
      "MALLOC_TOP_PAD_", "glibc, DJL's allocator churn",
      "NVIDIA_VISIBLE_DEVICES", "NVIDIA container runtime",
      "NVIDIA_DRIVER_CAPABILITIES", "NVIDIA container runtime");

  static final Set<String> ML_SERVICES = Set.of("trainer-worker", "eval-worker");

  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
  private static final Pattern PORT = Pattern.compile("\\$\\{([A-Z0-9_]+):(\\d+)}");

  static ServiceConfiguration of(String module) {
    Path dir = ROOT.resolve(module);
    String yamlText = read(dir.resolve("src/main/resources/application.yml"));
    JsonNode yaml = YAML.readTree(yamlText);
    Set<String> placeholders = new HashSet<>();
    Matcher m = PLACEHOLDER.matcher(yamlText);
    while (m.find()) {
      placeholders.add(m.group(1));
    }
    Set<String> properties = new HashSet<>();
    flatten("", yaml, properties);
    Matcher port = PORT.matcher(yaml.at("/server/port").asString());
    if (!port.matches()) {
      throw new IllegalStateException(module + ": server.port is not ${ENV:default}");
    }
    Set<String> exposed = Set.of(yaml.at("/management/endpoints/web/exposure/include").asString().split(","));
    return new ServiceConfiguration(module, jar(dir), Integer.parseInt(port.group(2)), placeholders, properties,
        yaml.at("/management/endpoint/health/probes/enabled").asBoolean(false), exposed, yaml);
  }

  /** Whether setting {@code name} in this service's environment changes anything. */
  boolean reads(String name) {
    if (placeholders.contains(name)) {
      return true;
    }
    if (ML_SERVICES.contains(module) && NATIVE_RUNTIME_ENV.containsKey(name)) {
      return true;
    }
    // Spring's relaxed binding of an environment variable: '_' is '.', dashes are ignored.
    String relaxed = name.toLowerCase(Locale.ROOT).replace('_', '.');
    return properties.stream().anyMatch(p -> p.replace("-", "").equals(relaxed));
  }

  /** The probe and scrape paths the service answers. */
  boolean serves(String path) {
    return switch (path) {
      case "/actuator/health/liveness", "/actuator/health/readiness" -> probes && exposedEndpoints.contains("health");
      case "/actuator/prometheus" -> exposedEndpoints.contains("prometheus");
      default -> false;
    };
  }

  private static void flatten(String prefix, JsonNode node, Set<String> out) {
    if (node.isObject()) {
      for (Map.Entry<String, JsonNode> e : node.properties()) {
        flatten(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
      }
    } else {
      out.add(prefix.toLowerCase(Locale.ROOT));
    }
  }

  /** {@code <module>/target/<artifactId>-<version>-exec.jar}, checked against the pom's repackage. */
  private static String jar(Path dir) {
    String pom = read(dir.resolve("pom.xml"));
    String afterParent = pom.substring(pom.indexOf("</parent>"));
    Matcher artifact = Pattern.compile("<artifactId>([^<]+)</artifactId>").matcher(afterParent);
    if (!artifact.find()) {
      throw new IllegalStateException(dir + "/pom.xml has no artifactId");
    }
    if (!pom.contains("<goal>repackage</goal>") || !pom.contains("<classifier>exec</classifier>")) {
      throw new IllegalStateException(dir + "/pom.xml builds no -exec jar");
    }
    String parent = read(ROOT.resolve("pom.xml"));
    Matcher version = Pattern.compile("<artifactId>normlab-parent</artifactId>\\s*<version>([^<]+)</version>")
        .matcher(parent);
    if (!version.find()) {
      throw new IllegalStateException("no normlab-parent version");
    }
    return dir.getFileName() + "/target/" + artifact.group(1) + "-" + version.group(1) + "-exec.jar";
  }

  static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
