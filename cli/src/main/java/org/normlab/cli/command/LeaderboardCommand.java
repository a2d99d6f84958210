package org.normlab.cli.command;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.normlab.cli.ExitCodes;
import org.normlab.cli.api.ApiClient;
import org.normlab.cli.render.Table;
import tools.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A dataset's leaderboard as an aligned table. Columns are those the API answers with, in a fixed
 * order: the same command prints today's rows (top-1/top-5 error) and the newer metric/value rows.
 */
@Command(name = "leaderboard", mixinStandardHelpOptions = true,
    description = "Print a dataset's leaderboard (ranked runs) as a table.")
public final class LeaderboardCommand extends ApiCommand {

  /** Column header → the row field it shows, in print order; a column absent from every row is left out. */
  static final Map<String, String> COLUMNS = columns();

  @Parameters(paramLabel = "DATASET")
  String dataset;

  @Option(names = "--backbone")
  String backbone;

  @Option(names = "--norm", description = "canonical form, e.g. gn:32")
  String norm;

  @Option(names = "--norm-batch-size")
  Integer normBatchSize;

  @Option(names = "--batch-size")
  Integer batchSize;

  @Option(names = "--task")
  String task;

  @Option(names = "--metric", description = "e.g. top1Error, top5Error, imagesPerSecond")
  String metric;

  @Option(names = "--tag", description = "repeatable: runs carrying every given tag")
  List<String> tags = new ArrayList<>();

  @Option(names = "--page", defaultValue = "0")
  int page;

  @Option(names = "--size", defaultValue = "50")
  int size;

  @Option(names = "--json", description = "print the API's answer")
  boolean json;

  @Override
  public Integer call() {
    Map<String, Object> query = new LinkedHashMap<>();
    query.put("task", task);
    query.put("metric", metric);
    query.put("backbone", backbone);
    query.put("norm", norm);
    query.put("normBatchSize", normBatchSize);
    query.put("batchSize", batchSize);
    query.put("page", page);
    query.put("size", size);
    StringBuilder path = new StringBuilder("api/v1/leaderboards/" + ApiClient.segment(dataset)
        + ApiClient.queryString(query));
    tags.forEach(tag -> path.append("&tag=").append(ApiClient.segment(tag)));
    JsonNode board = client().get(path.toString());
    if (json) {
      out().println(board.toPrettyString());
    } else {
      out().print(render(board));
    }
    out().flush();
    return ExitCodes.OK;
  }

  static String render(JsonNode board) {
    List<JsonNode> rows = new ArrayList<>();
    board.path("rows").forEach(rows::add);
    StringBuilder out = new StringBuilder();
    out.append(Fields.text(board, "dataset"));
    if (!Fields.text(board, "metric").isEmpty()) {
      out.append(" by ").append(Fields.text(board, "metric"));
    }
    out.append(", ").append(board.path("total").asLong()).append(" run(s)\n");
    if (rows.isEmpty()) {
      return out.toString();
    }
    Map<String, String> shown = new LinkedHashMap<>();
    COLUMNS.forEach((header, field) -> {
      if (rows.stream().anyMatch(row -> row.hasNonNull(field))) {
        shown.put(header, field);
      }
    });
    Table table = new Table(List.copyOf(shown.keySet()));
    for (JsonNode row : rows) {
      table.row(shown.values().stream().map(field -> Fields.number(row, field)).toList());
    }
    return out.append(table.render()).toString();
  }

  private static Map<String, String> columns() {
    Map<String, String> columns = new LinkedHashMap<>();
    columns.put("RANK", "rank");
    columns.put("NAME", "name");
    columns.put("ORIGIN", "origin");
    columns.put("BACKBONE", "backbone");
    columns.put("NORM", "norm");
    columns.put("NORM-BATCH", "normBatchSize");
    columns.put("BATCH", "batchSize");
    columns.put("VALUE", "value");
    columns.put("TOP1-ERR", "top1Error");
    columns.put("TOP5-ERR", "top5Error");
    columns.put("IMG/S", "imagesPerSecond");
    columns.put("RUN", "runId");
    return java.util.Collections.unmodifiableMap(columns);
  }
}
