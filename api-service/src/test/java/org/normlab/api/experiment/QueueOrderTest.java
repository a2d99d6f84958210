package org.normlab.api.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.normlab.contracts.model.Task;
import org.normlab.contracts.run.ExperimentSpec;
import org.normlab.contracts.run.OptimizerSpec;

class QueueOrderTest {

  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void higherPriorityGoesFirstWhateverItsAge() {
    Experiment oldLow = run("old-low", Priority.LOW, "ana", 0);
    Experiment normal = run("normal", Priority.NORMAL, "ana", 1);
    Experiment newHigh = run("new-high", Priority.HIGH, "ana", 2);

    assertThat(names(QueueOrder.order(List.of(oldLow, normal, newHigh), Map.of())))
        .containsExactly("new-high", "normal", "old-low");
  }

  @Test
  void withinAPriorityOwnersShareSlotsFairlyAndEachOwnersRunsKeepTheirOrder() {
    Experiment a1 = run("a1", Priority.NORMAL, "ana", 0);
    Experiment a2 = run("a2", Priority.NORMAL, "ana", 1);
    Experiment a3 = run("a3", Priority.NORMAL, "ana", 2);
    Experiment b1 = run("b1", Priority.NORMAL, "ben", 3);
    Experiment b2 = run("b2", Priority.NORMAL, "ben", 4);

    assertThat(names(QueueOrder.order(List.of(a1, a2, a3, b1, b2), Map.of())))
        .containsExactly("a1", "b1", "a2", "b2", "a3");
  }

  @Test
  void runsAlreadyOnWorkersCountAgainstTheirOwnersShare() {
    Experiment a1 = run("a1", Priority.NORMAL, "ana", 0);
    Experiment b1 = run("b1", Priority.NORMAL, "ben", 1);
    Experiment b2 = run("b2", Priority.NORMAL, "ben", 2);

    assertThat(names(QueueOrder.order(List.of(a1, b1, b2), Map.of("ana", 3L))))
        .containsExactly("b1", "b2", "a1");
  }

  @Test
  void anOwnerOfWeightTwoGetsTwoPlacesForEachOfAnOwnerOfWeightOne() {
    Experiment b1 = run("b1", Priority.NORMAL, "ben", 0);
    Experiment b2 = run("b2", Priority.NORMAL, "ben", 1);
    Experiment b3 = run("b3", Priority.NORMAL, "ben", 2);
    Experiment a1 = run("a1", Priority.NORMAL, "ana", 3);
    Experiment a2 = run("a2", Priority.NORMAL, "ana", 4);
    Experiment a3 = run("a3", Priority.NORMAL, "ana", 5);
    Experiment a4 = run("a4", Priority.NORMAL, "ana", 6);

    // active/weight after each place: a1 ana .5 | b1 ben 1 | a2 ana 1 | a3 ana 1.5 (tie at 1: larger weight)
    // | b2 ben 2 | a4 ana 2 | b3
    assertThat(names(QueueOrder.order(List.of(b1, b2, b3, a1, a2, a3, a4), Map.of(), Map.of("ana", 2.0))))
        .containsExactly("a1", "b1", "a2", "a3", "b2", "a4", "b3");
    // The same queue without weights: alternating, oldest owner first.
    assertThat(names(QueueOrder.order(List.of(b1, b2, b3, a1, a2, a3, a4), Map.of())))
        .containsExactly("b1", "a1", "b2", "a2", "b3", "a3", "a4");
  }

  @Test
  void runsOnWorkersCountInProportionToTheirOwnersWeight() {
    Experiment a1 = run("a1", Priority.NORMAL, "ana", 0);
    Experiment b1 = run("b1", Priority.NORMAL, "ben", 1);

    // ana: 3 running / weight 4 = 0.75 is below ben's 1 running / weight 1.
    assertThat(names(QueueOrder.order(List.of(b1, a1), Map.of("ana", 3L, "ben", 1L), Map.of("ana", 4.0))))
        .containsExactly("a1", "b1");
    assertThat(names(QueueOrder.order(List.of(b1, a1), Map.of("ana", 3L, "ben", 1L))))
        .containsExactly("b1", "a1");
  }

  @Test
  void aSmallWeightNeverLiftsALowerPriorityAboveAHigherOne() {
    Experiment heavyLow = run("heavy-low", Priority.LOW, "ana", 0);
    Experiment lightHigh = run("light-high", Priority.HIGH, "ben", 1);

    assertThat(names(QueueOrder.order(List.of(heavyLow, lightHigh), Map.of("ben", 50L),
        Map.of("ana", 1000.0, "ben", 0.01))))
        .containsExactly("light-high", "heavy-low");
  }

  private static List<String> names(List<Experiment> ordered) {
    return ordered.stream().map(Experiment::getName).toList();
  }

  private static Experiment run(String name, Priority priority, String owner, int secondsAfterT0) {
    var spec = new ExperimentSpec(name, Task.CLASSIFICATION, "fashion-mnist", "resnet10", "bn", 16, 8, 8, 1, null,
        new OptimizerSpec(0.1, 0.9, 1e-4, false, null), 0, null);
    return Experiment.queued(UUID.randomUUID(), spec, "{}", new Scheduling(priority, owner, 3), "dev",
        T0.plusSeconds(secondsAfterT0));
  }
}
