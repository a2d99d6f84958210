package org.normlab.api.suite;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.normlab.api.leaderboard.LeaderboardMetric;
import org.normlab.api.leaderboard.PaperTable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Builds a launch's report from what its rows' runs have produced so far. */
@Component
class SuiteReports {

  private static final Set<String> RUN_ENDED_BADLY = Set.of("FAILED", "CANCELLED");
  private static final Map<Disposition, SuiteReport.Status> NOT_RUN = Map.of(
      Disposition.NOT_RUNNABLE, SuiteReport.Status.NOT_RUNNABLE,
      Disposition.DATASET_NOT_REGISTERED, SuiteReport.Status.DATASET_NOT_REGISTERED,
      Disposition.INVALID, SuiteReport.Status.INVALID);

  private final JdbcClient jdbc;
  private final SuiteCatalog catalog;

  SuiteReports(JdbcClient jdbc, SuiteCatalog catalog) {
    this.jdbc = jdbc;
    this.catalog = catalog;
  }

  private record Launch(UUID id, String trigger, java.sql.Timestamp scheduledFor, boolean forced,
      java.sql.Timestamp launchedAt) {}

  private record LaunchRow(String rowId, Disposition disposition, UUID experimentId, boolean deduplicated,
      String note, String experimentStatus, Double ours) {}

  @Transactional(readOnly = true)
  SuiteReport report(String suiteName, UUID launchId) {
    Suite suite = catalog.get(suiteName);
    Launch launch = jdbc.sql("SELECT id, trigger, scheduled_for, forced, launched_at FROM suite_launches"
            + " WHERE id = ? AND suite = ?")
        .params(launchId, suiteName)
        .query((rs, i) -> new Launch(rs.getObject(1, UUID.class), rs.getString(2), rs.getTimestamp(3),
            rs.getBoolean(4), rs.getTimestamp(5)))
        .optional().orElseThrow(() -> new LaunchNotFoundException(suiteName, launchId));
    Map<String, Suite.Row> rowsById = suite.rows().stream()
        .collect(Collectors.toMap(Suite.Row::id, Function.identity()));
    LeaderboardMetric metric = LeaderboardMetric.find(catalog.tableOf(suite.rows().get(0)).task(), suite.metric())
        .orElseThrow();
    String ours = metric.column() == null ? "CAST(NULL AS double precision)" : "le." + metric.column();
    List<LaunchRow> launched = jdbc.sql("SELECT r.row_id, r.disposition, r.experiment_id, r.deduplicated, r.note,"
            + " e.status, " + ours + " FROM suite_launch_rows r"
            + " LEFT JOIN experiments e ON e.id = r.experiment_id"
            + " LEFT JOIN leaderboard_entries le ON le.run_id = r.experiment_id"
            + " WHERE r.launch_id = ? ORDER BY r.position")
        .param(launchId)
        .query((rs, i) -> new LaunchRow(rs.getString(1), Disposition.valueOf(rs.getString(2)),
            rs.getObject(3, UUID.class), rs.getBoolean(4), rs.getString(5), rs.getString(6),
            rs.getObject(7, Double.class)))
        .list();

    List<SuiteReport.Row> rows = new ArrayList<>();
    for (LaunchRow r : launched) {
      Suite.Row defined = rowsById.get(r.rowId());
      if (defined == null) {
        continue; // the suite's file dropped the row since this launch
      }
      PaperTable.Row paperRow = catalog.paperRow(defined);
      double paper = paperRow.metrics().get(suite.metric());
      Double delta = r.ours() == null ? null : Math.round((r.ours() - paper) * 10_000) / 10_000.0;
      rows.add(new SuiteReport.Row(r.rowId(), paperRow.label(), defined.reference(),
          catalog.tableOf(defined).source(), paper, r.ours(), delta, status(r, delta, suite.tolerance()),
          r.experimentId(), r.experimentStatus(), r.deduplicated(), r.note(),
          r.experimentId() == null ? null : "/api/v1/experiments/" + r.experimentId()));
    }
    int checked = (int) rows.stream().filter(r -> r.status() == SuiteReport.Status.WITHIN_TOLERANCE
        || r.status() == SuiteReport.Status.OUT_OF_TOLERANCE).count();
    int notRunHere = (int) rows.stream().filter(r -> NOT_RUN.containsValue(r.status())).count();
    return new SuiteReport(suite.name(), suite.title(), launch.id(), launch.trigger(),
        launch.scheduledFor() == null ? null : launch.scheduledFor().toInstant(), launch.forced(),
        launch.launchedAt().toInstant(), suite.metric(), metric.unit(), suite.tolerance(),
        "|ours - paper| <= " + suite.tolerance() + " (" + metric.unit() + ")", verdict(rows, checked), rows.size(),
        checked, notRunHere, rows);
  }

  private static SuiteReport.Status status(LaunchRow r, Double delta, double tolerance) {
    SuiteReport.Status notRun = NOT_RUN.get(r.disposition());
    if (notRun != null) {
      return notRun;
    }
    if (delta != null) {
      return Math.abs(delta) <= tolerance + 1e-9 ? SuiteReport.Status.WITHIN_TOLERANCE
          : SuiteReport.Status.OUT_OF_TOLERANCE;
    }
    if (r.experimentStatus() != null && RUN_ENDED_BADLY.contains(r.experimentStatus())) {
      return SuiteReport.Status.RUN_FAILED;
    }
    return SuiteReport.Status.PENDING;
  }

  private static SuiteReport.Verdict verdict(List<SuiteReport.Row> rows, int checked) {
    Set<SuiteReport.Status> seen = rows.stream().map(SuiteReport.Row::status).collect(Collectors.toSet());
    if (seen.contains(SuiteReport.Status.OUT_OF_TOLERANCE) || seen.contains(SuiteReport.Status.RUN_FAILED)) {
      return SuiteReport.Verdict.FAIL;
    }
    if (seen.contains(SuiteReport.Status.PENDING)) {
      return SuiteReport.Verdict.IN_PROGRESS;
    }
    return checked == 0 ? SuiteReport.Verdict.NOT_RUN : SuiteReport.Verdict.PASS;
  }

  /** The suite's launches, newest first. */
  @Transactional(readOnly = true)
  List<UUID> launches(String suiteName, int limit) {
    catalog.get(suiteName);
    return jdbc.sql("SELECT id FROM suite_launches WHERE suite = ? ORDER BY launched_at DESC LIMIT ?")
        .params(suiteName, limit).query(UUID.class).list();
  }
}
