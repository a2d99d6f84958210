package org.normlab.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.normlab.contracts.run.OptimizerSpec;
import org.normlab.contracts.run.ScheduleSpec;
import org.normlab.contracts.run.ScheduleSpec.ScheduleType;
import org.normlab.ml.testing.Golden;
import tools.jackson.databind.JsonNode;

/**
 * Every iteration's rate against torch's schedulers (make_golden_train.py): MultiStepLR stepped per
 * epoch, CosineAnnealingLR stepped per iteration, LinearLR(start_factor) as the warmup. Both sides
 * compute in float64; 1e-12 allows for the recursive form torch uses.
 */
class LearningRateScheduleTest {

  private static final TrainingPlan PLAN = new TrainingPlan(10, 100);

  static Stream<JsonNode> torchSchedules() {
    return StreamSupport.stream(
        Golden.load("train/recipes.json").get("schedules").spliterator(), false);
  }

  @ParameterizedTest(name = "{index}: {0}")
  @MethodSource("torchSchedules")
  void everyIterationMatchesTorchSchedulers(JsonNode expected) {
    List<Integer> milestones = new ArrayList<>();
    expected.get("milestones").forEach(m -> milestones.add(m.asInt()));
    ScheduleSpec spec =
        new ScheduleSpec(
            ScheduleType.valueOf(expected.get("type").asText().toUpperCase(Locale.ROOT)),
            milestones,
            expected.get("gamma").asDouble(),
            expected.get("warmupIterations").asInt(),
            expected.get("warmupFactor").asDouble());
    TrainingPlan plan =
        new TrainingPlan(
            expected.get("iterationsPerEpoch").asInt(), expected.get("totalIterations").asLong());
    LearningRateSchedule schedule =
        new LearningRateSchedule(
            new OptimizerSpec(expected.get("lr").asDouble(), 0.9, 1e-4, false, spec), plan);
    JsonNode rates = expected.get("rates");
    for (int t = 0; t < rates.size(); t++) {
      assertThat(schedule.at(t)).as("iteration %d", t).isCloseTo(rates.get(t).asDouble(), within(1e-12));
    }
  }

  @Test
  void constantStaysPut() {
    LearningRateSchedule schedule = schedule(ScheduleSpec.constant());
    assertThat(schedule.at(0)).isEqualTo(0.1);
    assertThat(schedule.at(99)).isEqualTo(0.1);
  }

  @Test
  void multistepDropsAtTheFirstIterationOfEachMilestoneEpoch() {
    LearningRateSchedule schedule =
        schedule(new ScheduleSpec(ScheduleType.MULTISTEP, List.of(3, 6), 0.1, 0));
    assertThat(schedule.at(29)).isEqualTo(0.1);
    assertThat(schedule.at(30)).isCloseTo(0.01, within(1e-15));
    assertThat(schedule.at(59)).isCloseTo(0.01, within(1e-15));
    assertThat(schedule.at(60)).isCloseTo(0.001, within(1e-15));
  }

  @Test
  void warmupRampsLinearlyFromFactorTimesLrToLr() {
    LearningRateSchedule schedule =
        schedule(new ScheduleSpec(ScheduleType.MULTISTEP, List.of(5), 0.1, 4, 0.2));
    assertThat(schedule.at(0)).isCloseTo(0.02, within(1e-15));
    assertThat(schedule.at(2)).isCloseTo(0.06, within(1e-15));
    assertThat(schedule.at(3)).isCloseTo(0.08, within(1e-15));
    assertThat(schedule.at(4)).isEqualTo(0.1);
  }

  @Test
  void warmupStartsAtOneThirdByDefaultAsMaskrcnnBenchmark() {
    LearningRateSchedule schedule =
        schedule(new ScheduleSpec(ScheduleType.CONSTANT, List.of(), 1, 500));
    assertThat(schedule.at(0)).isCloseTo(0.1 / 3, within(1e-15));
    assertThat(schedule.at(500)).isEqualTo(0.1);
  }

  private static LearningRateSchedule schedule(ScheduleSpec spec) {
    return new LearningRateSchedule(new OptimizerSpec(0.1, 0.9, 1e-4, false, spec), PLAN);
  }
}
