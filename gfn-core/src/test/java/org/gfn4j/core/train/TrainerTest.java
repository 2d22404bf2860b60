package org.gfn4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.gfn4j.core.eval.Evaluation;
import org.gfn4j.core.fixtures.Fixtures;
import org.gfn4j.core.run.TrainingRun;
import org.junit.jupiter.api.Test;

class TrainerTest {
  private static List<Double> losses(long seed, List<Evaluation> evaluations) {
    TrainingRun run = Fixtures.factory().create(Fixtures.spec(12, seed));
    List<Double> losses = new ArrayList<>();
    run.trainer(List.of(new TrainingListener() {
      @Override
      public void onIteration(IterationReport report) {
        losses.add(report.loss());
      }

      @Override
      public void onEvaluation(int iteration, Evaluation evaluation, IterationReport last) {
        evaluations.add(evaluation);
      }
    })).run();
    return losses;
  }

  @Test
  void sameSeed_givesIdenticalRuns_otherSeed_differs() {
    List<Evaluation> first = new ArrayList<>();
    List<Evaluation> second = new ArrayList<>();
    List<Double> a = losses(42, first);
    List<Double> b = losses(42, second);
    assertThat(a).hasSize(12).containsExactlyElementsOf(b);
    assertThat(first).containsExactlyElementsOf(second);
    assertThat(losses(43, new ArrayList<>())).isNotEqualTo(a);
  }

  @Test
  void evaluatesEveryEvalEveryIterations_andAtTheEnd() {
    List<Evaluation> evaluations = new ArrayList<>();
    losses(1, evaluations);
    assertThat(evaluations).hasSize(3); // iterations 5, 10 and 12
    assertThat(evaluations.get(0)).isNotEqualTo(evaluations.get(2)); // each evaluates the model of its time
  }

  @Test
  void listenerCanStopTheRun() {
    TrainingRun run = Fixtures.factory().create(Fixtures.spec(100, 1));
    int[] seen = {0};
    TrainingResult result = run.trainer(List.of(new TrainingListener() {
      @Override
      public void onIteration(IterationReport report) {
        seen[0] = report.iteration();
      }

      @Override
      public boolean stopRequested() {
        return seen[0] >= 3;
      }
    })).run();
    assertThat(result.iterations()).isEqualTo(3);
    assertThat(result.evaluation()).isPresent();
  }
}
