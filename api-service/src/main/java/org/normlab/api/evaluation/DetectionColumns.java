package org.normlab.api.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.normlab.contracts.eval.CocoSummary;
import org.normlab.contracts.eval.DetectionMetrics;

/**
 * Where each COCO number of a {@link DetectionMetrics} is stored: {@code box_*} for bbox, {@code
 * mask_*} for segm (V13), so that the recorder writes them from one table instead of 24 arguments.
 */
final class DetectionColumns {

  private record Column(String suffix, Function<CocoSummary, Double> value, boolean onLeaderboard) {}

  private static final List<Column> SUMMARY = List.of(
      new Column("ap", CocoSummary::ap, true),
      new Column("ap50", CocoSummary::ap50, true),
      new Column("ap75", CocoSummary::ap75, true),
      new Column("ap_small", CocoSummary::apSmall, true),
      new Column("ap_medium", CocoSummary::apMedium, true),
      new Column("ap_large", CocoSummary::apLarge, true),
      new Column("ar1", CocoSummary::ar1, false),
      new Column("ar10", CocoSummary::ar10, false),
      new Column("ar100", CocoSummary::ar100, true),
      new Column("ar_small", CocoSummary::arSmall, false),
      new Column("ar_medium", CocoSummary::arMedium, false),
      new Column("ar_large", CocoSummary::arLarge, false));

  private static final List<String> PREFIXES = List.of("box_", "mask_");

  private DetectionColumns() {}

  /** Every column of evaluations, box then mask. */
  static List<String> evaluationColumns() {
    List<String> names = new ArrayList<>();
    PREFIXES.forEach(prefix -> SUMMARY.forEach(c -> names.add(prefix + c.suffix())));
    return names;
  }

  /** The columns leaderboard_entries copies from evaluations. */
  static List<String> leaderboardColumns() {
    List<String> names = new ArrayList<>();
    PREFIXES.forEach(prefix -> SUMMARY.stream().filter(Column::onLeaderboard)
        .forEach(c -> names.add(prefix + c.suffix())));
    return names;
  }

  /** The values for {@link #evaluationColumns()}, all null without detection metrics. */
  static List<Double> values(DetectionMetrics metrics) {
    List<Double> values = new ArrayList<>();
    for (CocoSummary summary : metrics == null ? new CocoSummary[] {null, null}
        : new CocoSummary[] {metrics.bbox(), metrics.segm()}) {
      SUMMARY.forEach(c -> values.add(summary == null ? null : c.value().apply(summary)));
    }
    return values;
  }
}
