package org.normlab.api.leaderboard;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A published results table (or, with kind {@code measured}, a measurement of ours that a suite
 * is checked against), loaded from {@code resources/references/*.yaml}.
 *
 * @param kind {@code paper} or {@code measured}
 */
public record PaperTable(String id, String title, String source, String kind, String task, String dataset,
    List<Row> rows) {

  public PaperTable {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(task, "task of " + id);
    Objects.requireNonNull(dataset, "dataset of " + id);
    rows = List.copyOf(rows);
  }

  /**
   * One row: the model it describes (matched against our runs by backbone, norm and, where given,
   * the batch sizes) and its figures by metric name.
   */
  public record Row(String id, String label, String backbone, String norm, Integer normBatchSize, Integer batchSize,
      Map<String, Double> metrics) {

    public Row {
      Objects.requireNonNull(id, "row id");
      metrics = Map.copyOf(metrics);
    }

    /** Whether one of our runs with these fields is the model this row reports. */
    boolean describes(String backbone, String norm, int normBatchSize, int batchSize) {
      return this.backbone.equals(backbone) && this.norm.equals(norm)
          && (this.normBatchSize == null || this.normBatchSize == normBatchSize)
          && (this.batchSize == null || this.batchSize == batchSize);
    }
  }

  public Row row(String rowId) {
    return rows.stream().filter(r -> r.id().equals(rowId)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("No row '" + rowId + "' in table " + id + "; rows: "
            + rows.stream().map(Row::id).toList()));
  }
}
