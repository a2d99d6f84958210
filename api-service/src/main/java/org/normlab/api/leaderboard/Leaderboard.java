package org.normlab.api.leaderboard;

import java.util.List;

/** A page of a dataset's leaderboard on the test split. */
public record Leaderboard(String dataset, String split, String metric, long total, int page, int size,
    List<LeaderboardRow> rows) {}
