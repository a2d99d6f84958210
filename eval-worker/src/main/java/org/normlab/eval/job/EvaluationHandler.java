package org.normlab.eval.job;

import java.time.Duration;
import java.time.Instant;
import org.normlab.contracts.eval.ClassificationMetrics;
import org.normlab.contracts.eval.EvaluationCompleted;
import org.normlab.contracts.eval.EvaluationRequested;
import org.normlab.eval.reporting.EvaluationMetrics;
import org.normlab.eval.reporting.EvaluationResultPublisher;
import org.normlab.eval.system.WorkerIdentity;
import org.normlab.ml.checkpoint.CheckpointStore;
import org.normlab.ml.data.DatasetCatalog;
import org.normlab.ml.eval.EvaluationJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

/**
 * Scores one checkpoint. A checkpoint whose checksum does not match is never loaded: the result is
 * FAILED with the reason, and the run's record shows it.
 */
@Component
class EvaluationHandler {

  private static final Logger log = LoggerFactory.getLogger(EvaluationHandler.class);

  private final DatasetCatalog datasets;
  private final CheckpointStore checkpoints;
  private final EvaluationResultPublisher publisher;
  private final WorkerIdentity worker;
  private final EvaluationMetrics meters;

  EvaluationHandler(DatasetCatalog datasets, CheckpointStore checkpoints, EvaluationResultPublisher publisher,
      WorkerIdentity worker, EvaluationMetrics meters) {
    this.datasets = datasets;
    this.checkpoints = checkpoints;
    this.publisher = publisher;
    this.worker = worker;
    this.meters = meters;
  }

  void handle(EvaluationRequested request) {
    MDC.put("runId", request.runId().toString());
    MDC.put("evaluationId", request.evaluationId().toString());
    try {
      evaluate(request);
    } finally {
      MDC.remove("runId");
      MDC.remove("evaluationId");
    }
  }

  private void evaluate(EvaluationRequested request) {
    EvaluationCompleted result;
    long start = System.nanoTime();
    try {
      requireDataset(request.spec().dataset());
      ClassificationMetrics metrics = EvaluationJob.evaluate(
          request.spec(), request.checkpoint(), request.split(), datasets, checkpoints);
      log.info("Run {} scored top-1 error {}% top-5 error {}% on {} {} images", request.runId(), metrics.top1Error(),
          metrics.top5Error(), metrics.samples(), request.split());
      result = outcome(request, EvaluationCompleted.Status.SUCCEEDED, metrics, null);
      meters.succeeded(metrics, Duration.ofNanos(System.nanoTime() - start));
    } catch (RuntimeException e) {
      log.error("Evaluation {} of run {} failed", request.evaluationId(), request.runId(), e);
      result = outcome(request, EvaluationCompleted.Status.FAILED, null, e instanceof DatasetNotOnWorkerException
          ? e.getMessage() : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
      meters.failed(Duration.ofNanos(System.nanoTime() - start));
    }
    publisher.publish(result);
  }

  /** As on the trainers: a dataset the API accepts but this evaluator has no files for fails clearly. */
  private void requireDataset(String name) {
    if (!datasets.names().contains(name)) {
      throw new DatasetNotOnWorkerException("dataset '" + name + "' is registered on the API but not configured on"
          + " evaluator " + worker.id() + " (normlab.datasets." + name + ".location); this evaluator has: "
          + String.join(", ", datasets.names()) + ". Add it to every eval worker's configuration"
          + " (docs/operator-guide.md, Datasets)");
    }
  }

  /** The evaluation names a dataset this worker has no files for. */
  static final class DatasetNotOnWorkerException extends RuntimeException {
    DatasetNotOnWorkerException(String message) {
      super(message);
    }
  }

  private EvaluationCompleted outcome(EvaluationRequested request, EvaluationCompleted.Status status,
      ClassificationMetrics metrics, String failure) {
    return new EvaluationCompleted(EvaluationCompleted.SCHEMA_VERSION, request.evaluationId(), request.runId(), status,
        request.spec().dataset(), request.split(), request.checkpoint().sha256(), metrics, null, failure, worker.id(),
        Instant.now());
  }
}
