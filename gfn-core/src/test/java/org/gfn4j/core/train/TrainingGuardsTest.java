package org.gfn4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.gfn4j.api.env.States;
import org.gfn4j.api.objective.Objective;
import org.gfn4j.api.objective.ObjectiveInput;
import org.gfn4j.api.objective.ObjectiveResult;
import org.gfn4j.api.objective.Term;
import org.gfn4j.api.reward.RewardFunction;
import org.gfn4j.core.fixtures.Fixtures;
import org.gfn4j.core.fixtures.QuadraticObjective;
import org.gfn4j.core.fixtures.TinyGrid;
import org.gfn4j.core.model.GFlowNet;
import org.gfn4j.core.reward.EnvironmentRewardProvider;
import org.gfn4j.core.run.TrainingRun;
import org.gfn4j.core.sampling.RewardChecks;
import org.junit.jupiter.api.Test;

/** A NaN or infinite loss, gradient or reward stops training with one line naming the iteration and the cause. */
class TrainingGuardsTest {
  /** The quadratic objective, whose gradient for {@code term} turns to {@code bad} from call {@code from} on. */
  private static Objective breaking(Term term, double bad, int from) {
    Objective base = new QuadraticObjective();
    AtomicInteger calls = new AtomicInteger();
    return new Objective() {
      @Override
      public Set<Term> inputs() {
        return base.inputs();
      }

      @Override
      public ObjectiveResult evaluate(ObjectiveInput input) {
        ObjectiveResult result = base.evaluate(input);
        if (calls.incrementAndGet() < from) {
          return result;
        }
        Map<Term, double[]> gradients = new HashMap<>();
        for (Term t : inputs()) {
          gradients.put(t, result.gradient(t, input.get(t).length).clone());
        }
        gradients.get(term)[1] = bad;
        return new ObjectiveResult(result.loss(), gradients);
      }
    };
  }

  private static Trainer trainer(GFlowNet model, Objective objective) {
    return new Trainer(model, objective, Fixtures.spec(10, 1).training(), Optional.empty(), Optional.empty(),
        List.of());
  }

  @Test
  void aNaNGradient_stopsTraining_namingTheIterationAndTheTerm() {
    TrainingRun run = Fixtures.factory().create(Fixtures.spec(10, 1));
    assertThatThrownBy(() -> trainer(run.model(), breaking(Term.LOG_PB, Double.NaN, 3)).run())
        .isInstanceOf(NonFiniteException.class)
        .hasMessageStartingWith("training stopped at iteration 3: the gradient of objective ")
        .hasMessageContaining("with respect to LOG_PB is NaN (row 1 of ")
        .hasMessageEndingWith("; no checkpoint yet")
        .satisfies(e -> {
          assertThat(((NonFiniteException) e).iteration()).isEqualTo(3);
          assertThat(((NonFiniteException) e).what()).isEqualTo("LOG_PB");
          assertThat(e.getMessage()).doesNotContain("\n");
        });
  }

  @Test
  void anInfiniteLogZGradient_namesLogZ() {
    TrainingRun run = Fixtures.factory().create(Fixtures.spec(10, 1));
    assertThatThrownBy(() -> trainer(run.model(), breaking(Term.LOG_Z, Double.POSITIVE_INFINITY, 1)).run())
        .isInstanceOf(NonFiniteException.class)
        .hasMessageContaining("iteration 1: ")
        .hasMessageContaining("with respect to LOG_Z is Infinity");
  }

  @Test
  void aNaNLoss_stopsTraining_namingTheIteration() {
    TrainingRun run = Fixtures.factory().create(Fixtures.spec(10, 1));
    Objective base = new QuadraticObjective();
    AtomicInteger calls = new AtomicInteger();
    Objective nanLoss = new Objective() {
      @Override
      public Set<Term> inputs() {
        return base.inputs();
      }

      @Override
      public ObjectiveResult evaluate(ObjectiveInput input) {
        ObjectiveResult result = base.evaluate(input);
        return calls.incrementAndGet() < 2 ? result : new ObjectiveResult(Double.NaN, Map.of());
      }
    };
    assertThatThrownBy(() -> trainer(run.model(), nanLoss).run())
        .isInstanceOf(NonFiniteException.class)
        .hasMessageStartingWith("training stopped at iteration 2: loss is NaN")
        .hasMessageEndingWith("no checkpoint yet");
  }

  @Test
  void aRewardThatTurnsNaNDuringTraining_isReportedWithTheIterationAndTheState() {
    TinyGrid grid = new TinyGrid(4);
    RewardFunction good = new EnvironmentRewardProvider().create(null, grid);
    AtomicInteger calls = new AtomicInteger();
    RewardFunction flaky = new RewardFunction() {
      @Override
      public double[] logReward(States states) {
        double[] values = good.logReward(states);
        if (calls.incrementAndGet() >= 2) {
          Arrays.fill(values, Double.NaN);
        }
        return values;
      }

      @Override
      public String describe() {
        return "flaky";
      }
    };
    GFlowNet base = Fixtures.factory().create(Fixtures.spec(10, 1)).model();
    GFlowNet model = new GFlowNet(grid, flaky, base.forwardPolicy(), base.backwardPolicy().orElseThrow(), 0);
    assertThatThrownBy(() -> trainer(model, new QuadraticObjective()).run())
        .isInstanceOf(RewardChecks.InvalidRewardException.class)
        .hasMessageStartingWith("at training iteration 2: reward 'flaky' gave log-reward NaN for state [")
        .satisfies(e -> assertThat(((RewardChecks.InvalidRewardException) e).iteration()).isEqualTo(2));
  }
}
