package org.normlab.api.leaderboard;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One evaluated run on a leaderboard: its best test-split evaluation. {@code origin} is TRAINED for
 * runs trained here, PRETRAINED for registered imported weights. {@code value} is the ranked metric;
 * {@code reference} the paper row that reports the same model, if any, with the delta. A
 * classification run has top-1/top-5 error and no box/mask AP; a detection run the reverse.
 */
public record LeaderboardRow(
    int rank,
    UUID runId,
    String name,
    String origin,
    String backbone,
    String norm,
    int normBatchSize,
    int batchSize,
    int baseWidth,
    List<String> tags,
    String recipe,
    Integer replicas,
    Double value,
    Double top1Error,
    Double top5Error,
    Double boxAp,
    Double maskAp,
    Double imagesPerSecond,
    Integer speedBatchSize,
    long samples,
    String configHash,
    String codeVersion,
    UUID evaluationId,
    String checkpointUri,
    String checkpointSha256,
    Instant evaluatedAt,
    Links links,
    Match reference) {

  /** Where the run and its evaluation can be read. */
  public record Links(String run, String events, String metrics) {
    static Links of(UUID runId) {
      String run = "/api/v1/experiments/" + runId;
      return new Links(run, run + "/events", run + "/metrics");
    }
  }

  /** The paper row describing this run's model, its figure, and ours minus it. */
  public record Match(String table, String row, String label, double paper, double delta) {}
}
