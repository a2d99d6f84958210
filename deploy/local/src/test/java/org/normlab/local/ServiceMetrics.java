package org.normlab.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads what the running services expose: Prometheus scrapes, the Grafana dashboard, JSON logs. */
final class ServiceMetrics {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  /** A PromQL selector: a metric name followed by its label matchers (the dashboard always writes them). */
  private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");

  private ServiceMetrics() {}

  /** The metric names in the service's {@code /actuator/prometheus} scrape. */
  static Set<String> scrapeNames(int port) {
    try {
      HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("Scrape of :" + port + " answered " + response.statusCode());
      }
      Set<String> names = new TreeSet<>();
      response.body().lines().filter(l -> !l.isBlank() && !l.startsWith("#"))
          .forEach(l -> names.add(l.split("[{ ]", 2)[0]));
      return names;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static Set<String> scrapeNamesIfUp(int port) {
    try {
      return scrapeNames(port);
    } catch (UncheckedIOException e) {
      return Set.of();
    }
  }

  /** Every metric name the panels of deploy/grafana/normlab.json query. */
  static Set<String> dashboardMetricNames() {
    Path file = StackConfig.findRepoRoot(Path.of("")).resolve("deploy/grafana/normlab.json");
    Set<String> names = new TreeSet<>();
    try {
      for (JsonNode panel : JSON.readTree(Files.readString(file)).get("panels")) {
        for (JsonNode target : panel.path("targets")) {
          Matcher m = SELECTOR.matcher(target.get("expr").asString());
          while (m.find()) {
            names.add(m.group(1));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }

  static boolean nvidiaSmiOnPath() {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
        .anyMatch(dir -> !dir.isEmpty() && Files.isExecutable(Path.of(dir, "nvidia-smi")));
  }

  /** The JSON log lines of every service log whose name starts with {@code prefix}. */
  static List<JsonNode> jsonLogLines(Path logDir, String prefix) {
    List<JsonNode> lines = new ArrayList<>();
    try (Stream<Path> logs = Files.list(logDir)) {
      for (Path log : logs.filter(p -> p.getFileName().toString().startsWith(prefix)).toList()) {
        for (String line : Files.readAllLines(log)) {
          if (line.startsWith("{")) {
            lines.add(JSON.readTree(line));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return lines;
  }
}
