package org.normlab.api.evaluation;

import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.normlab.api.experiment.ExperimentService;
import org.normlab.contracts.eval.ClassificationMetrics;
import org.normlab.contracts.eval.DetectionMetrics;
import org.normlab.contracts.eval.EvaluationCompleted;
import org.normlab.contracts.eval.InferenceSpeed;
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
    DetectionMetrics d = result.detection();
    boolean succeeded = result.status() == EvaluationCompleted.Status.SUCCEEDED;
    InferenceSpeed speed = m == null ? null : m.speed();
    // A detection result has no classification metrics: its image count and throughput go in the same columns.
    Long samples = m != null ? Long.valueOf(m.samples()) : d != null ? Long.valueOf(d.images()) : null;
    Double imagesPerSecond = m != null ? Double.valueOf(m.imagesPerSecond())
        : d != null ? Double.valueOf(d.imagesPerSecond()) : null;
    List<Object> params = new ArrayList<>(Arrays.asList(result.status().name(), m == null ? null : m.top1Error(),
        m == null ? null : m.top5Error(), samples, imagesPerSecond, result.failure(),
        result.worker(), Timestamp.from(result.completedAt()),
        speed == null ? null : speed.batchSize(), speed == null ? null : speed.channels(),
        speed == null ? null : speed.height(), speed == null ? null : speed.width(),
        speed == null ? null : speed.timedBatches(), speed == null ? null : speed.imagesPerSecond()));
    params.addAll(DetectionColumns.values(d));
    params.add(result.evaluationId());
    params.add(result.runId());
    int updated = jdbc.sql("UPDATE evaluations SET status = ?, top1_error = ?, top5_error = ?, samples = ?,"
            + " images_per_second = ?, failure = ?, worker = ?, completed_at = ?, speed_batch_size = ?,"
            + " speed_channels = ?, speed_height = ?, speed_width = ?, speed_timed_batches = ?,"
            + " speed_images_per_second = ?, "
            + String.join(", ", DetectionColumns.evaluationColumns().stream().map(c -> c + " = ?").toList())
            + " WHERE id = ? AND run_id = ? AND completed_at IS NULL")
        .params(params)
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
    if (succeeded) {
      enterLeaderboard(result);
    }
    return true;
  }

  /**
   * Puts a test-split result on the leaderboard, or keeps the run's entry if an earlier checkpoint
   * of it scored better (lower top-1 error; for detection, higher box AP): each run shows its best
   * evaluated checkpoint.
   */
  private void enterLeaderboard(EvaluationCompleted result) {
    List<String> detection = DetectionColumns.leaderboardColumns();
    jdbc.sql("INSERT INTO leaderboard_entries (run_id, evaluation_id, task, dataset, name, origin, backbone, norm,"
            + " base_width, norm_batch_size, batch_size, tags, config_hash, code_version, checkpoint_uri,"
            + " checkpoint_sha256, top1_error, top5_error, samples, images_per_second, speed_batch_size, evaluated_at,"
            + " recipe, replicas, " + String.join(", ", detection) + ")"
            + " SELECT e.id, v.id, e.task, e.dataset, e.name, e.origin, e.backbone, e.norm, e.base_width,"
            + " e.norm_batch_size, e.batch_size, e.tags, e.config_hash, e.code_version, v.checkpoint_uri,"
            + " v.checkpoint_sha256, v.top1_error, v.top5_error, v.samples, v.speed_images_per_second,"
            + " v.speed_batch_size, v.completed_at, e.recipe, e.trained_replicas, "
            + String.join(", ", detection.stream().map(c -> "v." + c).toList())
            + " FROM evaluations v JOIN experiments e ON e.id = v.run_id"
            + " WHERE v.id = ? AND v.split = 'test'"
            + " ON CONFLICT (run_id) DO UPDATE SET evaluation_id = excluded.evaluation_id,"
            + " checkpoint_uri = excluded.checkpoint_uri, checkpoint_sha256 = excluded.checkpoint_sha256,"
            + " top1_error = excluded.top1_error, top5_error = excluded.top5_error, samples = excluded.samples,"
            + " images_per_second = excluded.images_per_second, speed_batch_size = excluded.speed_batch_size,"
            + " evaluated_at = excluded.evaluated_at, "
            + String.join(", ", detection.stream().map(c -> c + " = excluded." + c).toList())
            + " WHERE excluded.top1_error < leaderboard_entries.top1_error"
            + " OR excluded.box_ap > leaderboard_entries.box_ap")
        .param(result.evaluationId())
        .update();
  }
}
