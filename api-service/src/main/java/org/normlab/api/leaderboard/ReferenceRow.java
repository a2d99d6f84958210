package org.normlab.api.leaderboard;

import java.util.UUID;

/**
 * A paper table's row beside our runs: the published {@code paper} figure, the best of our runs
 * (under the same filters) that it describes, and {@code delta} = ours - paper; both null when no
 * run of ours matches. For a metric compared relative to BN, paper and ours are such ratios.
 */
public record ReferenceRow(String table, String title, String source, String kind, String row, String label,
    String backbone, String norm, Integer normBatchSize, Integer batchSize, double paper, Double ours,
    UUID oursRunId, Double delta) {}
