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
    Integer trainedReplicas) {

  public record SchedulingView(Priority priority, String owner, int maxRestarts, int restarts,
      String assignedWorker, Instant leaseExpiresAt) {}

  public record ProgressView(
      Integer epoch, Long iteration, Long totalIterations, Double loss, Double lr, Double imagesPerSecond) {}
}
