package org.gfn4j.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.gfn4j.api.policy.Exploration;
import org.gfn4j.core.fixtures.Fixtures;
import org.gfn4j.core.run.CheckpointStore;
import org.gfn4j.core.run.RunSpec;
import org.junit.jupiter.api.Test;

class ScheduleTest {
  @Test
  void linear_reachesItsValuesExactly() {
    Schedule linear = Schedule.parse("--epsilon-schedule", "linear:0:1000");
    assertThat(linear.valueAt(0.5, 0)).isEqualTo(0.5);
    assertThat(linear.valueAt(0.5, 500)).isEqualTo(0.25);
    assertThat(linear.valueAt(0.5, 250)).isEqualTo(0.375);
    assertThat(linear.valueAt(0.5, 1000)).isEqualTo(0.0);
    assertThat(linear.valueAt(0.5, 5000)).isEqualTo(0.0);
  }

  @Test
  void exponential_followsItsGeometricFormula() {
    Schedule exponential = Schedule.parse("--temperature-schedule", "exponential:1:100");
    assertThat(exponential.valueAt(4, 0)).isEqualTo(4.0);
    assertThat(exponential.valueAt(4, 50)).isCloseTo(2.0, within(1e-12)); // 4 (1/4)^(1/2)
    assertThat(exponential.valueAt(4, 25)).isCloseTo(4 * Math.pow(0.25, 0.25), within(1e-12));
    assertThat(exponential.valueAt(4, 100)).isEqualTo(1.0);
    assertThat(exponential.valueAt(4, 101)).isEqualTo(1.0);
    double factor = exponential.valueAt(4, 11) / exponential.valueAt(4, 10);
    assertThat(factor).isCloseTo(Math.pow(0.25, 0.01), within(1e-12)); // a constant factor per iteration
  }

  @Test
  void constant_keepsTheStart() {
    assertThat(Schedule.parse("--epsilon-schedule", "constant")).isEqualTo(Schedule.CONSTANT);
    assertThat(Schedule.CONSTANT.valueAt(0.3, 10_000)).isEqualTo(0.3);
  }

  @Test
  void parse_refusesMalformedSchedules_namingTheOption() {
    assertThatThrownBy(() -> Schedule.parse("--epsilon-schedule", "cosine:0:10"))
        .hasMessageContaining("--epsilon-schedule 'cosine:0:10' has unknown kind 'cosine'")
        .hasMessageContaining("linear:END:N");
    assertThatThrownBy(() -> Schedule.parse("--epsilon-schedule", "linear:0"))
        .hasMessageContaining("has 2 parts");
    assertThatThrownBy(() -> Schedule.parse("--epsilon-schedule", "linear:0:0"))
        .hasMessageContaining("iterations must be >= 1");
    assertThatThrownBy(() -> Schedule.parse("--epsilon-schedule", "exponential:0:10"))
        .hasMessageContaining("end value must be positive");
  }

  @Test
  void explorationSchedule_movesEpsilonAndTemperature_keepsTheExitBias() {
    ExplorationSchedule schedule = new ExplorationSchedule(Schedule.parse("e", "linear:0.1:10"),
        Schedule.parse("t", "exponential:1:10"));
    Exploration start = new Exploration(0.6, 2, 0.5);
    assertThat(schedule.at(start, 0)).isEqualTo(start);
    Exploration half = schedule.at(start, 5);
    assertThat(half.epsilon()).isCloseTo(0.35, within(1e-15));
    assertThat(half.temperature()).isCloseTo(Math.sqrt(2), within(1e-12));
    assertThat(half.exitBias()).isEqualTo(0.5);
    assertThat(schedule.at(start, 10)).isEqualTo(new Exploration(0.1, 1, 0.5));
  }

  @Test
  void epsilonOutsideItsRange_isRefused() {
    ExplorationSchedule schedule = new ExplorationSchedule(Schedule.parse("e", "linear:1.5:10"), null);
    assertThatThrownBy(() -> schedule.validate(new Exploration(0.1, 1)))
        .hasMessageContaining("epsilon must end in [0, 1], got 1.5");
  }

  @Test
  void constantSchedules_leaveTheSavedSpecAndRunIdUnchanged() {
    RunSpec plain = Fixtures.spec(10, 3);
    RunSpec constant = plain.withTraining(plain.training()
        .withExplorationSchedule(new ExplorationSchedule(Schedule.CONSTANT, Schedule.CONSTANT)));
    assertThat(constant.training().explorationSchedule()).isNull();
    String json = CheckpointStore.runSpecToJson(constant);
    assertThat(json).isEqualTo(CheckpointStore.runSpecToJson(plain)).doesNotContain("explorationSchedule")
        .doesNotContain("localSearch");
    assertThat(CheckpointStore.runId(constant)).isEqualTo(CheckpointStore.runId(plain));

    RunSpec scheduled = plain.withTraining(plain.training().withExplorationSchedule(
        new ExplorationSchedule(Schedule.parse("e", "linear:0:10"), null)));
    String scheduledJson = CheckpointStore.runSpecToJson(scheduled);
    assertThat(scheduledJson).contains("explorationSchedule").doesNotContain("temperature\":null");
    assertThat(CheckpointStore.runSpecFromJson(scheduledJson, "test")).isEqualTo(scheduled);
    assertThat(CheckpointStore.runId(scheduled)).isNotEqualTo(CheckpointStore.runId(plain));
  }
}
