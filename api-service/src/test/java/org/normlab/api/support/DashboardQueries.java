package org.normlab.api.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The metric names the Grafana dashboard in deploy/grafana queries. */
public final class DashboardQueries {

  /** A PromQL selector: a metric name followed by its label matchers (the dashboard always writes them). */
  private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\{");

  private DashboardQueries() {}

  public static Path dashboard() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      Path file = dir.resolve("deploy/grafana/normlab.json");
      if (Files.isRegularFile(file)) {
        return file;
      }
    }
    throw new IllegalStateException("deploy/grafana/normlab.json not found above " + Path.of("").toAbsolutePath());
  }

  /** Every metric name in every panel's queries. */
  public static Set<String> metricNames() {
    JsonNode dashboard;
    try {
      dashboard = JsonMapper.builder().build().readTree(Files.readString(dashboard()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Set<String> names = new TreeSet<>();
    for (JsonNode panel : dashboard.get("panels")) {
      for (JsonNode target : panel.path("targets")) {
        Matcher m = SELECTOR.matcher(target.get("expr").asString());
        while (m.find()) {
          names.add(m.group(1));
        }
      }
    }
    return names;
  }
}
