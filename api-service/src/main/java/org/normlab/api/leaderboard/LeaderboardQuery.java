package org.normlab.api.leaderboard;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
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
      + " code_version, evaluation_id, checkpoint_uri, checkpoint_sha256, evaluated_at";

  private final JdbcClient jdbc;
  private final PaperTables papers;

  LeaderboardQuery(JdbcClient jdbc, PaperTables papers) {
    this.jdbc = jdbc;
    this.papers = papers;
  }

  @Transactional(readOnly = true)
  Leaderboard page(String task, String dataset, LeaderboardMetric metric, Map<LeaderboardFilter, List<Object>> filters,
      int page, int size) {
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
      total = jdbc.sql("SELECT count(*) FROM leaderboard_entries WHERE " + where).params(params)
          .query(Long.class).single();
      params.put("limit", size);
      params.put("offset", (long) page * size);
      int firstRank = page * size + 1;
      String direction = metric.lowerIsBetter() ? "ASC" : "DESC";
      rows = jdbc.sql("SELECT " + COLUMNS + ", " + metric.column() + " FROM leaderboard_entries WHERE " + where
              + " ORDER BY " + metric.column() + " " + direction + ", top1_error, top5_error, evaluated_at, run_id"
              + " LIMIT :limit OFFSET :offset")
          .params(params)
          .query((rs, i) -> row(rs, firstRank + i, metric, paperRows, tables))
          .list();
    }
    List<ReferenceRow> references = references(metric, paperRows, tables, where, params);
    Map<String, List<String>> shown = new LinkedHashMap<>();
    filters.forEach((f, values) -> shown.put(f.param(), values.stream().map(String::valueOf).toList()));
    return new Leaderboard(task, dataset, "test", metric.name(), metric.unit(), metric.lowerIsBetter(), shown, total,
        page, size, rows, references);
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
    Double value = rs.getObject(21, Double.class);
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
        rs.getInt(8), Arrays.asList((String[]) rs.getArray(9).getArray()), value, rs.getDouble(10),
        rs.getDouble(11), rs.getObject(12, Double.class), rs.getObject(13, Integer.class), rs.getLong(14),
        rs.getString(15), rs.getString(16), rs.getObject(17, UUID.class), rs.getString(18), rs.getString(19),
        rs.getTimestamp(20).toInstant(), LeaderboardRow.Links.of(runId), match);
  }

  /** One of our runs: the best for its (backbone, norm, normBatchSize, batchSize). */
  private record Best(UUID runId, String backbone, String norm, int normBatch, int batch, double value) {}

  /** Our best run per model the paper rows describe, found in one query over just those models. */
  private List<ReferenceRow> references(LeaderboardMetric metric, List<PaperTable.Row> paperRows,
      List<PaperTable> tables, String where, Map<String, Object> params) {
    List<Best> best = List.of();
    if (where != null && !paperRows.isEmpty()) {
      Set<List<String>> models = new LinkedHashSet<>();
      for (PaperTable.Row row : paperRows) {
        models.add(List.of(row.backbone(), row.norm()));
        if (metric.relativeToBn()) {
          models.add(List.of(row.backbone(), "bn"));
        }
      }
      List<String> pairs = new ArrayList<>();
      int i = 0;
      for (List<String> model : models) {
        params.put("mb" + i, model.get(0));
        params.put("mn" + i, model.get(1));
        pairs.add("(:mb" + i + ", :mn" + i + ")");
        i++;
      }
      String direction = metric.lowerIsBetter() ? "ASC" : "DESC";
      best = jdbc.sql("SELECT DISTINCT ON (backbone, norm, norm_batch_size, batch_size) run_id, backbone, norm,"
              + " norm_batch_size, batch_size, " + metric.column() + " FROM leaderboard_entries WHERE " + where
              + " AND (backbone, norm) IN (" + String.join(", ", pairs) + ")"
              + " ORDER BY backbone, norm, norm_batch_size, batch_size, " + metric.column() + " " + direction)
          .params(params)
          .query((rs, n) -> new Best(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getInt(4),
              rs.getInt(5), rs.getDouble(6)))
          .list();
    }
    List<ReferenceRow> references = new ArrayList<>();
    for (int i = 0; i < paperRows.size(); i++) {
      PaperTable.Row paper = paperRows.get(i);
      PaperTable table = tables.get(i);
      Optional<Best> ours = bestOf(best, metric, b -> paper.describes(b.backbone(), b.norm(), b.normBatch(), b.batch()));
      Double oursValue = ours.map(Best::value).orElse(null);
      if (metric.relativeToBn()) {
        // The paper's absolute speeds come from unstated hardware: compare this norm's speed over BN's.
        Optional<Best> bn = bestOf(best, metric, b -> b.backbone().equals(paper.backbone()) && b.norm().equals("bn"));
        oursValue = ours.isPresent() && bn.isPresent() ? round(ours.get().value() / bn.get().value()) : null;
      }
      double figure = paper.metrics().get(metric.referenceKey());
      references.add(new ReferenceRow(table.id(), table.title(), table.source(), table.kind(), paper.id(),
          paper.label(), paper.backbone(), paper.norm(), paper.normBatchSize(), paper.batchSize(), figure, oursValue,
          oursValue == null ? null : ours.get().runId(), oursValue == null ? null : round(oursValue - figure)));
    }
    return references;
  }

  private static Optional<Best> bestOf(List<Best> candidates, LeaderboardMetric metric, Predicate<Best> wanted) {
    Comparator<Best> order = Comparator.comparingDouble(Best::value);
    return candidates.stream().filter(wanted).min(metric.lowerIsBetter() ? order : order.reversed());
  }

  private static double round(double value) {
    return Math.round(value * 10_000) / 10_000.0;
  }
}
