package org.normlab.api.leaderboard;

import java.time.Instant;
import java.util.UUID;

/**
 * One evaluated run on a leaderboard, ranked by top-1 error (lower is better). {@code origin} is
 * TRAINED for runs trained here, PRETRAINED for registered imported weights.
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
    double top1Error,
    double top5Error,
    long samples,
    String checkpointSha256,
    Instant evaluatedAt) {}
