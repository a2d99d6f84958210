package org.normlab.api.leaderboard;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A query parameter that narrows a leaderboard to runs whose column matches. The registry {@link
 * #ALL} is the single place filters are declared: a new one is one more entry here (and its column
 * in {@code leaderboard_entries}). Paper rows state no recipe or tags, so those filters keep them.
 */
record LeaderboardFilter(String param, String column, Kind kind, Function<PaperTable.Row, Object> paperField) {

  enum Kind {
    TEXT, INTEGER, TAG
  }

  static final List<LeaderboardFilter> ALL = List.of(
      new LeaderboardFilter("backbone", "backbone", Kind.TEXT, PaperTable.Row::backbone),
      new LeaderboardFilter("norm", "norm", Kind.TEXT, PaperTable.Row::norm),
      new LeaderboardFilter("normBatchSize", "norm_batch_size", Kind.INTEGER, PaperTable.Row::normBatchSize),
      new LeaderboardFilter("batchSize", "batch_size", Kind.INTEGER, PaperTable.Row::batchSize),
      new LeaderboardFilter("recipe", "recipe", Kind.TEXT, row -> null),
      new LeaderboardFilter("tag", "tags", Kind.TAG, row -> null));

  static Optional<LeaderboardFilter> find(String param) {
    return ALL.stream().filter(f -> f.param().equals(param)).findFirst();
  }

  static List<String> params() {
    return ALL.stream().map(LeaderboardFilter::param).toList();
  }

  /** The SQL condition for the given values (several tags must all be present), binding into params. */
  String condition(List<Object> values, Map<String, Object> params) {
    StringBuilder sql = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      String name = param + i;
      params.put(name, values.get(i));
      sql.append(i == 0 ? "" : " AND ")
          .append(kind == Kind.TAG ? column + " @> ARRAY[CAST(:" + name + " AS text)]" : column + " = :" + name);
    }
    return sql.toString();
  }

  /** Whether a paper row can describe runs passing this filter (a field the row leaves open can). */
  boolean admits(PaperTable.Row row, Object value) {
    Object fixed = paperField.apply(row);
    return fixed == null || fixed.equals(value);
  }
}
