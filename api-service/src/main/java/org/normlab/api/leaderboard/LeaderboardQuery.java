package org.normlab.api.leaderboard;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Ranks each run's best test-split evaluation ({@code leaderboard_entries}) by a metric, and puts
 * the paper tables' rows for the same task and dataset beside them.
 */
@Component
class LeaderboardQuery {

  private static final String COLUMNS = "run_id, name, origin, backbone, norm, norm_batch_size, batch_size,"
      + " base_width, tags, top1_error, top5_error, images_per_second, speed_batch_size, samples, config_hash,"
      + " code_version, evaluation_id, checkpoint_uri, checkpoint_sha256, evaluated_at, recipe, replicas, box_ap, mask_ap";

  /** Totals are exact up to this many runs; above it the answer says {@code totalExact: false}. */
  static final int COUNT_CAP = 10_000;

  /** Up to this many matching runs a page sorts the matches; above, it reads the ranking index. */
  static final int SORT_MATCHES_BELOW = 5_000;

  private final JdbcClient jdbc;
  private final PaperTables papers;

  LeaderboardQuery(JdbcClient jdbc, PaperTables papers) {
    this.jdbc = jdbc;
    this.papers = papers;
  }

  @Transactional(readOnly = true)
  Leaderboard page(String task, String dataset, LeaderboardMetric metric, Map<LeaderboardFilter, List<Object>> filters,
      int page, int size) {
    // The driver prepares a statement on the server after a few uses, and PostgreSQL may then plan it once
    // for any values: such a generic plan counted a filter that matches nothing (normBatchSize=2 on imagenet)
    // by reading all 100,000 entries (38 ms) instead of an empty index range (0.4 ms). Each page's values
    // decide which index fits, so its statements are planned for the values they carry.
    jdbc.sql("SET LOCAL plan_cache_mode = force_custom_plan").update();
    List<PaperTable.Row> paperRows = new ArrayList<>();
    List<PaperTable> tables = new ArrayList<>();
    for (PaperTable table : papers.of(task, dataset)) {
      for (PaperTable.Row row : table.rows()) {
        if (row.metrics().containsKey(metric.referenceKey()) && admitted(row, filters)) {
          paperRows.add(row);
          tables.add(table);
        }
      }
    }
    List<LeaderboardRow> rows = List.of();
    long total = 0;
    Map<String, Object> params = new HashMap<>();
    String where = metric.column() == null ? null : where(task, dataset, metric, filters, params);
    if (where != null) {
      // Counting stops past COUNT_CAP: an exact count would read every matching entry on each page.
      params.put("countCap", COUNT_CAP + 1);
      total = jdbc.sql("SELECT count(*) FROM (SELECT 1 FROM leaderboard_entries WHERE " + where
              + " LIMIT :countCap) capped").params(params)
          .query(Long.class).single();
      params.put("limit", size);
      params.put("offset", (long) page * size);
      int firstRank = page * size + 1;
      String direction = metric.lowerIsBetter() ? "ASC" : "DESC";
      String order = " ORDER BY ranked " + direction + ", top1_error, top5_error, evaluated_at, run_id"
          + " LIMIT :limit OFFSET :offset";
      String select = "SELECT " + COLUMNS + ", " + metric.column() + " AS ranked FROM leaderboard_entries WHERE " + where;
      // Few matches: select them first (through whichever index fits the filters), then sort them. Many
      // matches: walk the ranking index, which meets a page of them within a short stretch. Left to
      // itself, the planner walks the ranking index for a rare tag too, through every entry.
      String sql = total <= SORT_MATCHES_BELOW
          ? "WITH matched AS MATERIALIZED (" + select + ") SELECT * FROM matched" + order
          : select + order;
      rows = jdbc.sql(sql)
          .params(params)
          .query((rs, i) -> row(rs, firstRank + i, metric, paperRows, tables))
          .list();
    }
    List<ReferenceRow> references = references(metric, paperRows, tables, where, params);
    Map<String, List<String>> shown = new LinkedHashMap<>();
    filters.forEach((f, values) -> shown.put(f.param(), values.stream().map(String::valueOf).toList()));
    boolean exact = total <= COUNT_CAP;
    return new Leaderboard(task, dataset, "test", metric.name(), metric.unit(), metric.lowerIsBetter(), shown,
        Math.min(total, COUNT_CAP), exact, page, size, rows, references);
  }

  private static boolean admitted(PaperTable.Row row, Map<LeaderboardFilter, List<Object>> filters) {
    return filters.entrySet().stream().allMatch(f -> f.getValue().stream().allMatch(v -> f.getKey().admits(row, v)));
  }

  private static String where(String task, String dataset, LeaderboardMetric metric,
      Map<LeaderboardFilter, List<Object>> filters, Map<String, Object> params) {
    List<String> conditions = new ArrayList<>(List.of("task = :task", "dataset = :dataset"));
    params.put("task", task);
    params.put("dataset", dataset);
    if (!metric.lowerIsBetter()) {
      conditions.add(metric.column() + " IS NOT NULL");
    }
    filters.forEach((filter, values) -> conditions.add(filter.condition(values, params)));
    return String.join(" AND ", conditions);
  }

  private static LeaderboardRow row(ResultSet rs, int rank, LeaderboardMetric metric, List<PaperTable.Row> paperRows,
      List<PaperTable> tables) throws SQLException {
    String backbone = rs.getString(4);
    String norm = rs.getString(5);
    int normBatch = rs.getInt(6);
    int batch = rs.getInt(7);
    Double value = rs.getObject(25, Double.class);
    LeaderboardRow.Match match = null;
    for (int i = 0; i < paperRows.size() && match == null && value != null && !metric.relativeToBn(); i++) {
      PaperTable.Row paper = paperRows.get(i);
      if (paper.describes(backbone, norm, normBatch, batch)) {
        double figure = paper.metrics().get(metric.referenceKey());
        match = new LeaderboardRow.Match(tables.get(i).id(), paper.id(), paper.label(), figure, round(value - figure));
      }
    }
    UUID runId = rs.getObject(1, UUID.class);
    return new LeaderboardRow(rank, runId, rs.getString(2), rs.getString(3), backbone, norm, normBatch, batch,
        rs.getInt(8), Arrays.asList((String[]) rs.getArray(9).getArray()), rs.getString(21),
        rs.getObject(22, Integer.class), value, rs.getObject(10, Double.class),
        rs.getObject(11, Double.class), rs.getObject(23, Double.class), rs.getObject(24, Double.class),
        rs.getObject(12, Double.class), rs.getObject(13, Integer.class), rs.getLong(14),
        rs.getString(15), rs.getString(16), rs.getObject(17, UUID.class), rs.getString(18), rs.getString(19),
        rs.getTimestamp(20).toInstant(), LeaderboardRow.Links.of(runId), match);
  }

  /** Our best run for one model: a paper row's, or BN on the paper row's backbone. */
  private record Best(UUID runId, double value) {}

  /**
   * The paper rows, each with the best of our runs (under the page's filters) that it describes,
   * in one query: a top-1 per model, each reading its range of leaderboard_model_idx.
   */
  private List<ReferenceRow> references(LeaderboardMetric metric, List<PaperTable.Row> paperRows,
      List<PaperTable> tables, String where, Map<String, Object> params) {
    // Models to look up: each paper row's, then (for ratios to BN) BN on its backbone.
    List<Object[]> models = new ArrayList<>();
    for (PaperTable.Row row : paperRows) {
      models.add(new Object[] {row.backbone(), row.norm(), row.normBatchSize(), row.batchSize()});
    }
    if (metric.relativeToBn()) {
      for (PaperTable.Row row : paperRows) {
        models.add(new Object[] {row.backbone(), "bn", null, null});
      }
    }
    Map<Integer, Best> best = new HashMap<>();
    if (where != null && !models.isEmpty()) {
      String direction = metric.lowerIsBetter() ? "ASC" : "DESC";
      List<String> lookups = new ArrayList<>();
      for (int i = 0; i < models.size(); i++) {
        Object[] m = models.get(i);
        StringBuilder model = new StringBuilder(" AND backbone = :mb" + i + " AND norm = :mn" + i);
        params.put("mb" + i, m[0]);
        params.put("mn" + i, m[1]);
        if (m[2] != null) {
          model.append(" AND norm_batch_size = :ms").append(i);
          params.put("ms" + i, m[2]);
        }
        if (m[3] != null) {
          model.append(" AND batch_size = :mt").append(i);
          params.put("mt" + i, m[3]);
        }
        // Only the conditions a row states, read from leaderboard_model_idx, then the best of them. The
        // OFFSET 0 fence keeps the planner from walking a ranking index instead, which reads every
        // entry of the dataset when no run of the model exists.
        lookups.add("(SELECT " + i + " AS i, run_id, value FROM (SELECT run_id, " + metric.column()
            + " AS value FROM leaderboard_entries WHERE " + where + model + " OFFSET 0) model ORDER BY value "
            + direction + " LIMIT 1)");
      }
      jdbc.sql(String.join(" UNION ALL ", lookups))
          .params(params)
          .query((rs, n) -> best.put(rs.getInt(1), new Best(rs.getObject(2, UUID.class), rs.getDouble(3))))
          .list();
    }
    List<ReferenceRow> references = new ArrayList<>();
    for (int i = 0; i < paperRows.size(); i++) {
      PaperTable.Row paper = paperRows.get(i);
      PaperTable table = tables.get(i);
      Best ours = best.get(i);
      Double oursValue = ours == null ? null : ours.value();
      if (metric.relativeToBn()) {
        // The paper's absolute speeds come from unstated hardware: compare this norm's speed over BN's.
        Best bn = best.get(paperRows.size() + i);
        oursValue = ours != null && bn != null ? round(ours.value() / bn.value()) : null;
      }
      double figure = paper.metrics().get(metric.referenceKey());
      references.add(new ReferenceRow(table.id(), table.title(), table.source(), table.kind(), paper.id(),
          paper.label(), paper.backbone(), paper.norm(), paper.normBatchSize(), paper.batchSize(), figure, oursValue,
          oursValue == null ? null : ours.runId(), oursValue == null ? null : round(oursValue - figure)));
    }
    return references;
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }
}
