package org.normlab.api.leaderboard;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Ranks each run's latest successful test-split evaluation by top-1 error. */
@Component
class LeaderboardQuery {

  /** Filters a leaderboard may take; null fields do not filter. */
  record Filter(String backbone, String norm, Integer normBatchSize, Integer batchSize) {}

  private final JdbcClient jdbc;

  LeaderboardQuery(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Transactional(readOnly = true)
  Leaderboard page(String dataset, Filter filter, int page, int size) {
    Map<String, Object> params = new HashMap<>();
    List<String> where = new ArrayList<>(List.of("e.dataset = :dataset"));
    params.put("dataset", dataset);
    if (filter.backbone() != null) {
      where.add("e.backbone = :backbone");
      params.put("backbone", filter.backbone());
    }
    if (filter.norm() != null) {
      where.add("e.norm = :norm");
      params.put("norm", filter.norm());
    }
    if (filter.normBatchSize() != null) {
      where.add("e.norm_batch_size = :normBatchSize");
      params.put("normBatchSize", filter.normBatchSize());
    }
    if (filter.batchSize() != null) {
      where.add("e.batch_size = :batchSize");
      params.put("batchSize", filter.batchSize());
    }
    String from = " FROM experiments e JOIN (SELECT DISTINCT ON (run_id) * FROM evaluations"
        + " WHERE status = 'SUCCEEDED' AND split = 'test' ORDER BY run_id, completed_at DESC) v ON v.run_id = e.id"
        + " WHERE " + String.join(" AND ", where);

    long total = jdbc.sql("SELECT count(*)" + from).params(params).query(Long.class).single();
    params.put("limit", size);
    params.put("offset", (long) page * size);
    int firstRank = page * size + 1;
    List<LeaderboardRow> rows = jdbc.sql("SELECT e.id, e.name, e.origin, e.backbone, e.norm, e.norm_batch_size,"
            + " e.batch_size, e.base_width, v.top1_error, v.top5_error, v.samples, v.checkpoint_sha256,"
            + " v.completed_at" + from
            + " ORDER BY v.top1_error ASC, v.top5_error ASC, v.completed_at ASC LIMIT :limit OFFSET :offset")
        .params(params)
        .query((rs, i) -> new LeaderboardRow(firstRank + i, rs.getObject(1, java.util.UUID.class),
            rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getInt(6), rs.getInt(7),
            rs.getInt(8), rs.getDouble(9), rs.getDouble(10), rs.getLong(11), rs.getString(12),
            rs.getTimestamp(13).toInstant()))
        .list();
    return new Leaderboard(dataset, "test", "top1Error", total, page, size, rows);
  }
}
