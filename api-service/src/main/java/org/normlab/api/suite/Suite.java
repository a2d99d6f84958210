package org.normlab.api.suite;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A reproduction suite, loaded from {@code resources/suites/<name>.yaml}: rows, each an experiment
 * (the suite's {@code defaults} overlaid with the row's {@code experiment}) and the paper row it
 * must come within {@code tolerance} of, on {@code metric}.
 *
 * @param tolerance the largest |ours - paper| that passes, in the metric's units
 * @param schedule a Spring cron expression (six fields) launching the suite; empty for none
 */
public record Suite(String name, String title, String metric, double tolerance, String schedule,
    Map<String, Object> defaults, List<Row> rows) {

  public Suite {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(metric, "metric of suite " + name);
    schedule = schedule == null ? "" : schedule.strip();
    defaults = defaults == null ? Map.of() : defaults;
    rows = List.copyOf(rows);
    if (!(tolerance >= 0)) {
      throw new IllegalArgumentException("suite " + name + ": tolerance must be >= 0, got " + tolerance);
    }
  }

  /**
   * One row. {@code runnable: false} rows are reported with {@code notRunnableReason} and never
   * submitted (e.g. a task the server does not have yet).
   */
  public record Row(String id, String reference, Boolean runnable, String notRunnableReason,
      Map<String, Object> experiment) {

    public Row {
      Objects.requireNonNull(id, "row id");
      Objects.requireNonNull(reference, "reference of row " + id);
      runnable = runnable == null || runnable;
      experiment = experiment == null ? Map.of() : experiment;
      if (!runnable && (notRunnableReason == null || notRunnableReason.isBlank())) {
        throw new IllegalArgumentException("row " + id + " is not runnable but gives no notRunnableReason");
      }
    }
  }

  /** The row's experiment request body: defaults, then the row's fields, a name and the suite's tag. */
  Map<String, Object> experimentOf(Row row) {
    Map<String, Object> body = new LinkedHashMap<>(defaults);
    body.putAll(row.experiment());
    body.putIfAbsent("name", "suite " + name + " / " + row.id());
    body.put("tags", List.of(tag()));
    return body;
  }

  /** Every run a suite submits carries this tag, so its runs can be found on the leaderboards. */
  String tag() {
    return "suite:" + name;
  }
}
