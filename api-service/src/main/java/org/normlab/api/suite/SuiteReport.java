package org.normlab.api.suite;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A launch of a suite, row by row against the paper, with an overall verdict: PASS when every row
 * that could run here has been evaluated within {@code tolerance}, FAIL when one is outside it or
 * its run failed, IN_PROGRESS while a row's run is still training or being evaluated, NOT_RUN when
 * no row could run on this server. {@code notRunHere} counts rows reported but not run (not
 * runnable, dataset not registered, invalid), which a PASS does not cover.
 */
public record SuiteReport(
    String suite,
    String title,
    UUID launchId,
    String trigger,
    Instant scheduledFor,
    boolean forced,
    Instant launchedAt,
    String metric,
    String unit,
    double tolerance,
    String toleranceRule,
    Verdict verdict,
    int rowsTotal,
    int rowsChecked,
    int notRunHere,
    List<Row> rows) {

  public enum Verdict { PASS, FAIL, IN_PROGRESS, NOT_RUN }

  /** How a row stands. */
  public enum Status {
    WITHIN_TOLERANCE, OUT_OF_TOLERANCE, RUN_FAILED, PENDING, NOT_RUNNABLE, DATASET_NOT_REGISTERED, INVALID
  }

  /**
   * One row: the paper's figure, ours (the run's best test-split evaluation), delta = ours - paper,
   * and the run it links (deduplicated: an earlier identical run).
   */
  public record Row(String id, String label, String reference, String source, double paper, Double ours,
      Double delta, Status status, UUID experimentId, String experimentStatus, boolean deduplicated, String note,
      String run) {}
}
