package org.normlab.api.leaderboard;

import java.util.List;
import java.util.Map;

/**
 * A page of a (task, dataset, metric) leaderboard on the test split: our runs ranked by the metric,
 * and the paper tables' rows for the same task and dataset beside them, each with the best of our
 * runs it describes and the delta (ours minus paper). {@code total} is exact when {@code
 * totalExact}; otherwise at least that many runs match (counting stops there to keep pages fast).
 */
public record Leaderboard(String task, String dataset, String split, String metric, String unit,
    boolean lowerIsBetter, Map<String, List<String>> filters, long total, boolean totalExact, int page, int size,
    List<LeaderboardRow> rows, List<ReferenceRow> references) {}
