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
 * The order in which queued runs get slots: higher priority first; within a priority, the owner
 * with the fewest runs on workers goes next (fair share), each owner's runs first-come first-served.
 */
final class QueueOrder {

  private QueueOrder() {}

  /**
   * @param queued queued runs, oldest first
   * @param activeByOwner runs each owner has on workers now
   */
  static List<Experiment> order(List<Experiment> queued, Map<String, Long> activeByOwner) {
    Map<String, Long> active = new HashMap<>(activeByOwner);
    TreeMap<Integer, Map<String, Deque<Experiment>>> byPriority = new TreeMap<>(Comparator.reverseOrder());
    queued.stream()
        .sorted(Comparator.comparing(Experiment::getCreatedAt).thenComparing(Experiment::getId))
        .forEach(e -> byPriority.computeIfAbsent(e.getPriority(), p -> new LinkedHashMap<>())
            .computeIfAbsent(e.getOwner(), o -> new ArrayDeque<>()).add(e));
    List<Experiment> ordered = new ArrayList<>(queued.size());
    for (Map<String, Deque<Experiment>> owners : byPriority.values()) {
      while (!owners.isEmpty()) {
        String next = owners.entrySet().stream()
            .min(Comparator.<Map.Entry<String, Deque<Experiment>>>comparingLong(
                    o -> active.getOrDefault(o.getKey(), 0L))
                .thenComparing(o -> o.getValue().peekFirst().getCreatedAt()))
            .orElseThrow().getKey();
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
}
