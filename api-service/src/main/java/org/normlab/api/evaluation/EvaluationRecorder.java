package org.normlab.api.evaluation;

import java.sql.Timestamp;
import org.normlab.api.experiment.ExperimentService;
import org.normlab.contracts.eval.ClassificationMetrics;
import org.normlab.contracts.eval.EvaluationCompleted;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Stores an evaluation's result once; a redelivered result finds the row completed and changes nothing. */
@Component
class EvaluationRecorder {

  private final JdbcClient jdbc;
  private final ExperimentService experiments;

  EvaluationRecorder(JdbcClient jdbc, ExperimentService experiments) {
    this.jdbc = jdbc;
    this.experiments = experiments;
  }

  @Transactional
  public boolean record(EvaluationCompleted result) {
    ClassificationMetrics m = result.metrics();
    boolean succeeded = result.status() == EvaluationCompleted.Status.SUCCEEDED;
    int updated = jdbc.sql("UPDATE evaluations SET status = ?, top1_error = ?, top5_error = ?, samples = ?,"
            + " images_per_second = ?, failure = ?, worker = ?, completed_at = ?"
            + " WHERE id = ? AND run_id = ? AND completed_at IS NULL")
        .params(result.status().name(), m == null ? null : m.top1Error(), m == null ? null : m.top5Error(),
            m == null ? null : m.samples(), m == null ? null : m.imagesPerSecond(), result.failure(),
            result.worker(), Timestamp.from(result.completedAt()), result.evaluationId(), result.runId())
        .update();
    if (updated == 0) {
      boolean known = jdbc.sql("SELECT count(*) FROM evaluations WHERE id = ? AND run_id = ?")
          .params(result.evaluationId(), result.runId()).query(Long.class).single() > 0;
      if (!known) {
        throw new UnknownEvaluationException(result);
      }
      return false;
    }
    experiments.evaluationFinished(result.runId(), succeeded, result.failure(), result.completedAt());
    return true;
  }
}
