package org.normlab.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.normlab.contracts.run.OptimizerSpec;
import org.normlab.contracts.run.ScheduleSpec;
import org.normlab.contracts.run.ScheduleSpec.ScheduleType;

class LearningRateScheduleTest {

  private static final TrainingPlan PLAN = new TrainingPlan(10, 100);

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
  void cosineFallsFromLrToZeroOverTheRun() {
    LearningRateSchedule schedule =
        schedule(new ScheduleSpec(ScheduleType.COSINE, List.of(), 1, 0));
    assertThat(schedule.at(0)).isEqualTo(0.1);
    assertThat(schedule.at(50)).isCloseTo(0.05, within(1e-12));
    assertThat(schedule.at(99))
        .isCloseTo(0.1 * 0.5 * (1 + Math.cos(Math.PI * 0.99)), within(1e-15));
  }

  @Test
  void warmupRampsLinearlyFromLrOverWToLr() {
    LearningRateSchedule schedule =
        schedule(new ScheduleSpec(ScheduleType.MULTISTEP, List.of(5), 0.1, 4));
    assertThat(schedule.at(0)).isCloseTo(0.025, within(1e-15));
    assertThat(schedule.at(1)).isCloseTo(0.05, within(1e-15));
    assertThat(schedule.at(3)).isCloseTo(0.1, within(1e-15));
    assertThat(schedule.at(4)).isEqualTo(0.1);
  }

  private static LearningRateSchedule schedule(ScheduleSpec spec) {
    return new LearningRateSchedule(new OptimizerSpec(0.1, 0.9, 1e-4, false, spec), PLAN);
  }
}
