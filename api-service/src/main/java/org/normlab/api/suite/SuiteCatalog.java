package org.normlab.api.suite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.normlab.api.leaderboard.LeaderboardMetric;
import org.normlab.api.leaderboard.PaperTable;
import org.normlab.api.leaderboard.PaperTables;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

/**
 * The suites under {@code classpath:suites/}, checked at start-up: every row's paper reference
 * exists and reports the suite's metric, and every schedule parses. A deployment may set or clear
 * a suite's schedule with {@code normlab.suites.schedules.<name>} (a cron expression, or empty).
 */
@Component
public class SuiteCatalog {

  static final String LOCATION = "classpath*:suites/*.yaml";

  private final Map<String, Suite> byName = new LinkedHashMap<>();
  private final Map<String, String> schedules = new LinkedHashMap<>();
  private final PaperTables papers;

  SuiteCatalog(PaperTables papers, Environment environment) {
    this.papers = papers;
    Map<String, String> overrides = Binder.get(environment)
        .bind("normlab.suites.schedules", org.springframework.boot.context.properties.bind.Bindable.mapOf(
            String.class, String.class))
        .orElse(Map.of());
    for (Suite suite : PaperTables.load(LOCATION, Suite.class)) {
      check(suite);
      if (byName.putIfAbsent(suite.name(), suite) != null) {
        throw new IllegalStateException("Duplicate suite name " + suite.name());
      }
      String cron = overrides.getOrDefault(suite.name(), suite.schedule()).strip();
      if (!cron.isEmpty()) {
        CronExpression.parse(cron);
        schedules.put(suite.name(), cron);
      }
    }
    List<String> unknown = new ArrayList<>(overrides.keySet());
    unknown.removeAll(byName.keySet());
    if (!unknown.isEmpty()) {
      throw new IllegalStateException("normlab.suites.schedules names unknown suites " + unknown + "; suites: "
          + byName.keySet());
    }
  }

  private void check(Suite suite) {
    for (Suite.Row row : suite.rows()) {
      PaperTable table = papers.tableOf(row.reference()).orElseThrow(() -> new IllegalStateException(
          "suite " + suite.name() + " row " + row.id() + ": no paper table for reference " + row.reference()));
      PaperTable.Row paper = papers.row(row.reference()).orElseThrow(() -> new IllegalStateException(
          "suite " + suite.name() + " row " + row.id() + ": no row " + row.reference()));
      if (LeaderboardMetric.find(table.task(), suite.metric()).isEmpty()) {
        throw new IllegalStateException("suite " + suite.name() + ": metric " + suite.metric() + " is not one of "
            + LeaderboardMetric.names(table.task()));
      }
      if (!paper.metrics().containsKey(suite.metric())) {
        throw new IllegalStateException("suite " + suite.name() + " row " + row.id() + ": " + row.reference()
            + " reports no " + suite.metric());
      }
    }
    if (!suite.schedule().isEmpty()) {
      CronExpression.parse(suite.schedule());
    }
  }

  public List<Suite> all() {
    return List.copyOf(byName.values());
  }

  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  public Suite get(String name) {
    Suite suite = byName.get(name);
    if (suite == null) {
      throw new SuiteNotFoundException(name, names());
    }
    return suite;
  }

  /** The cron expression in force for the suite, if it is scheduled. */
  public Optional<String> schedule(String name) {
    return Optional.ofNullable(schedules.get(name));
  }

  PaperTable tableOf(Suite.Row row) {
    return papers.tableOf(row.reference()).orElseThrow();
  }

  PaperTable.Row paperRow(Suite.Row row) {
    return papers.row(row.reference()).orElseThrow();
  }
}
