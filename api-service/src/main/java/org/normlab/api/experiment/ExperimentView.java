package org.normlab.api.experiment;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * What the API shows of an experiment: its status, latest progress, and the spec exactly as it was
 * dispatched to the workers (the contract's JSON form). A PRETRAINED one was registered with its
 * weights ({@code checkpointUri}) and {@code source} instead of being trained here. {@code
 * trainedReplicas} is how many data-parallel replicas the current attempt trains on, as its worker
 * reported (the spec's {@code replicas} may leave the choice to the worker); null before it started.
 * {@code configHash} and {@code codeVersion} identify what it computes (see {@link ConfigHash});
 * {@code result} is its leaderboard entry once evaluated (shown on single reads and deduplicated
 * submissions, null in lists).
 */
public record ExperimentView(
    UUID id,
    String name,
    RunStatus status,
    Origin origin,
    String source,
    int attempt,
    JsonNode spec,
    SchedulingView scheduling,
    ProgressView progress,
    String checkpointUri,
    String checkpointSha256,
    String worker,
    String failure,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    Integer trainedReplicas,
    String configHash,
    String codeVersion,
    ResultView result) {

  /** The run's best test-split evaluation: the checkpoint scored and its scores. */
  public record ResultView(UUID evaluationId, String checkpointUri, String checkpointSha256, double top1Error,
      double top5Error, long samples, Double imagesPerSecond, Integer speedBatchSize, Instant evaluatedAt) {}

  public record SchedulingView(Priority priority, String owner, int maxRestarts, int restarts,
      String assignedWorker, Instant leaseExpiresAt) {}

  public record ProgressView(
      Integer epoch, Long iteration, Long totalIterations, Double loss, Double lr, Double imagesPerSecond) {}
}
