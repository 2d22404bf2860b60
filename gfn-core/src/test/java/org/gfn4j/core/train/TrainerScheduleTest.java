package org.gfn4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.core.fixtures.Fixtures;
import org.gfn4j.core.run.RunSpec;
import org.gfn4j.core.run.TrainingRun;
import org.gfn4j.core.schedule.ExplorationSchedule;
import org.gfn4j.core.schedule.Schedule;
import org.junit.jupiter.api.Test;

class TrainerScheduleTest {
  @Test
  void iterationT_samplesWithTheScheduledExplorationAfterTMinusOneIterations() {
    RunSpec base = Fixtures.spec(12, 5);
    TrainingConfig training = new TrainingConfig(12, 8, 1e-3, null, 0, base.training().adam(),
        new Exploration(0.5, 3, 0), base.training().replay(), 0, 5, NumericType.FLOAT32,
        new ExplorationSchedule(Schedule.parse("e", "linear:0:10"), Schedule.parse("t", "exponential:1:4")), null);
    TrainingRun run = Fixtures.factory().create(base.withTraining(training));
    List<Exploration> seen = new ArrayList<>();
    run.trainer(List.of(new TrainingListener() {
      @Override
      public void onIteration(IterationReport report) {
        seen.add(report.exploration());
      }
    })).run();
    assertThat(seen).hasSize(12);
    assertThat(seen.get(0)).isEqualTo(new Exploration(0.5, 3, 0)); // iteration 1: the start values
    assertThat(seen.get(5).epsilon()).isEqualTo(0.25); // iteration 6: 5 of 10 done
    assertThat(seen.get(2).temperature()).isCloseTo(3 * Math.pow(1 / 3.0, 0.5), within(1e-12));
    assertThat(seen.get(4).temperature()).isEqualTo(1.0); // iteration 5: 4 of 4 done
    assertThat(seen.get(10).epsilon()).isEqualTo(0.0); // iteration 11: 10 of 10 done
    assertThat(seen.get(11)).isEqualTo(new Exploration(0, 1, 0));
  }
}
