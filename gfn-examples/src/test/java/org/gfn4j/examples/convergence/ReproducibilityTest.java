package org.gfn4j.examples.convergence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.gfn4j.core.eval.Evaluation;
import org.gfn4j.core.run.RunSpec;
import org.gfn4j.core.run.TrainingRun;
import org.gfn4j.core.train.IterationReport;
import org.gfn4j.core.train.TrainingListener;
import org.gfn4j.core.train.TrainingResult;
import org.junit.jupiter.api.Test;

class ReproducibilityTest {
  private record Outcome(List<Double> losses, List<Double> logZs, Evaluation evaluation, float[] parameters) {}

  private static Outcome run(RunSpec spec) {
    TrainingRun run = HyperGridRuns.FACTORY.create(spec);
    List<Double> losses = new ArrayList<>();
    List<Double> logZs = new ArrayList<>();
    TrainingResult result = run.trainer(List.of(new TrainingListener() {
      @Override
      public void onIteration(IterationReport report) {
        losses.add(report.loss());
        logZs.add(report.logZ());
      }
    })).run();
    return new Outcome(losses, logZs, result.evaluation().orElseThrow(),
        run.model().forwardPolicy().parameters().toFloatVector());
  }

  @Test
  void sameSeedAndConfig_giveIdenticalRuns() {
    RunSpec spec = HyperGridRuns.spec(2, 16, 60, 0, 5);
    Outcome first = run(spec);
    Outcome second = run(spec);
    assertThat(first.losses()).hasSize(60).containsExactlyElementsOf(second.losses());
    assertThat(first.logZs()).containsExactlyElementsOf(second.logZs());
    assertThat(first.evaluation()).isEqualTo(second.evaluation());
    assertThat(first.parameters()).containsExactly(second.parameters());
  }

  @Test
  void anotherSeed_givesAnotherRun() {
    Outcome first = run(HyperGridRuns.spec(2, 16, 20, 0, 5));
    Outcome other = run(HyperGridRuns.spec(2, 16, 20, 0, 6));
    assertThat(other.losses()).isNotEqualTo(first.losses());
  }
}
