package org.normlab.api.experiment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.normlab.api.outbox.OutboxWriter;
import org.normlab.contracts.Topics;
import org.normlab.contracts.codec.ContractCodec;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.contracts.run.RunDispatch;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The experiment feature's API: submit, read, list, and the outcome of evaluation. */
@Service
public class ExperimentService {

  private final ExperimentRepository experiments;
  private final SpecValidator validator;
  private final OutboxWriter outbox;
  private final JdbcClient jdbc;

  ExperimentService(ExperimentRepository experiments, SpecValidator validator, OutboxWriter outbox, JdbcClient jdbc) {
    this.experiments = experiments;
    this.validator = validator;
    this.outbox = outbox;
    this.jdbc = jdbc;
  }

  /** Validates, stores and queues the experiment; the dispatch leaves through the outbox. */
  @Transactional
  public ExperimentView submit(CreateExperimentRequest request) {
    ExperimentSpec spec = validator.validate(request);
    UUID id = UUID.randomUUID();
    Instant now = Instant.now();
    String specJson = ContractCodec.mapper().writeValueAsString(spec);
    Experiment experiment = experiments.save(Experiment.queued(id, spec, specJson, now));
    outbox.append(Topics.RUN_DISPATCH, id.toString(), RunDispatch.of(id, 1, spec, null, now));
    return toView(experiment);
  }

  @Transactional(readOnly = true)
  public ExperimentView get(UUID id) {
    return toView(find(id));
  }

  @Transactional(readOnly = true)
  public Page<ExperimentView> list(ExperimentFilter filter, Pageable page) {
    return experiments.findAll(filter.toSpecification(), page).map(ExperimentService::toView);
  }

  @Transactional(readOnly = true)
  public List<MetricPoint> metrics(UUID id) {
    find(id);
    return jdbc.sql("SELECT iteration, epoch, attempt, loss, lr, images_per_second FROM metric_points"
            + " WHERE run_id = ? ORDER BY iteration")
        .param(id)
        .query((rs, i) -> new MetricPoint(
            rs.getLong(1), rs.getInt(2), rs.getInt(3), rs.getDouble(4), rs.getDouble(5), rs.getDouble(6)))
        .list();
  }

  /** Records the end of a run's evaluation: SUCCEEDED with scores on the leaderboard, or FAILED. */
  @Transactional
  public void evaluationFinished(UUID runId, boolean succeeded, String failure, Instant at) {
    Experiment experiment = find(runId);
    if (succeeded) {
      experiment.markSucceeded(at);
    } else {
      experiment.markFailed("evaluation failed: " + failure, at);
    }
  }

  Experiment find(UUID id) {
    return experiments.findById(id).orElseThrow(() -> new ExperimentNotFoundException(id));
  }

  static ExperimentView toView(Experiment e) {
    var progress = new ExperimentView.ProgressView(
        e.getProgressEpoch(), e.getProgressIteration(), e.getTotalIterations(), e.getLastLoss(), e.getLastLr(),
        e.getImagesPerSecond());
    return new ExperimentView(
        e.getId(), e.getName(), e.getStatus(), e.getAttempt(), ContractCodec.mapper().readTree(e.getSpecJson()), progress, e.getCheckpointUri(),
        e.getCheckpointSha256(), e.getWorker(), e.getFailure(), e.getCreatedAt(), e.getStartedAt(),
        e.getFinishedAt());
  }
}
