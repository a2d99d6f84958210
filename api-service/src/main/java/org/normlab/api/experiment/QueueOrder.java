package org.normlab.api.experiment;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The order in which queued runs get slots: higher priority first; within a priority, weighted fair
 * share: the owner with the lowest (runs on workers) / (owner's weight) goes next, ties to the larger
 * weight, then to the owner whose next run has waited longest; each owner's runs first-come
 * first-served. Every run placed counts as active for its owner from then on, so an owner of weight
 * 2 gets about two places for each one of an owner of weight 1.
 */
final class QueueOrder {

  static final double DEFAULT_WEIGHT = 1.0;

  private QueueOrder() {}

  /** {@link #order(List, Map, Map)} with every owner at the default weight. */
  static List<Experiment> order(List<Experiment> queued, Map<String, Long> activeByOwner) {
    return order(queued, activeByOwner, Map.of());
  }

  /**
   * @param queued queued runs, oldest first
   * @param activeByOwner runs each owner has on workers now
   * @param weights each owner's fair-share weight (&gt; 0); owners not in it weigh {@link #DEFAULT_WEIGHT}
   */
  static List<Experiment> order(List<Experiment> queued, Map<String, Long> activeByOwner, Map<String, Double> weights) {
    Map<String, Long> active = new HashMap<>(activeByOwner);
    TreeMap<Integer, Map<String, Deque<Experiment>>> byPriority = new TreeMap<>(Comparator.reverseOrder());
    queued.stream()
        .sorted(Comparator.comparing(Experiment::getCreatedAt).thenComparing(Experiment::getId))
        .forEach(e -> byPriority.computeIfAbsent(e.getPriority(), p -> new LinkedHashMap<>())
            .computeIfAbsent(e.getOwner(), o -> new ArrayDeque<>()).add(e));
    Comparator<Map.Entry<String, Deque<Experiment>>> nextOwner = Comparator
        .<Map.Entry<String, Deque<Experiment>>>comparingDouble(
            o -> active.getOrDefault(o.getKey(), 0L) / weight(weights, o.getKey()))
        .thenComparing(o -> -weight(weights, o.getKey()))
        .thenComparing(o -> o.getValue().peekFirst().getCreatedAt());
    List<Experiment> ordered = new ArrayList<>(queued.size());
    for (Map<String, Deque<Experiment>> owners : byPriority.values()) {
      while (!owners.isEmpty()) {
        String next = owners.entrySet().stream().min(nextOwner).orElseThrow().getKey();
        Deque<Experiment> runs = owners.get(next);
        ordered.add(runs.pollFirst());
        active.merge(next, 1L, Long::sum);
        if (runs.isEmpty()) {
          owners.remove(next);
        }
      }
    }
    return ordered;
  }

  private static double weight(Map<String, Double> weights, String owner) {
    return weights.getOrDefault(owner, DEFAULT_WEIGHT);
  }
}
