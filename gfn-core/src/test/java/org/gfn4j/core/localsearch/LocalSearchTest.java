package org.gfn4j.core.localsearch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.core.batch.MixedBatch;
import org.gfn4j.core.batch.OnPolicyBatch;
import org.gfn4j.core.batch.TrainingBatch;
import org.gfn4j.core.fixtures.TinyGrid;
import org.gfn4j.core.model.GFlowNet;
import org.gfn4j.core.nn.UniformEstimator;
import org.gfn4j.core.random.RandomStream;
import org.gfn4j.core.reward.EnvironmentRewardProvider;
import org.gfn4j.core.sampling.Sampler;
import org.junit.jupiter.api.Test;

/** Local search on a 4x4 TinyGrid (log R = log(1 + x + 2y)) with uniform PF and PB, so every ratio is countable. */
class LocalSearchTest {
  private static final int SIZE = 4;
  private static final TinyGrid GRID = new TinyGrid(SIZE);

  private static GFlowNet uniformModel() {
    return new GFlowNet(GRID, new EnvironmentRewardProvider().create(null, GRID),
        new UniformEstimator(GRID.encodingDim(), 3), new UniformEstimator(GRID.encodingDim(), 2), 0);
  }

  private static Trajectories fresh(GFlowNet model, int n, long seed) {
    return Sampler.of(GRID, model.forwardPolicy(), model.reward()).sample(n, Exploration.NONE,
        new RandomStream(seed));
  }

  /** log PF(τ) by hand: at each state, one over its allowed moves (+x if x < 3, +y if y < 3, exit). */
  private static double handLogPf(Trajectories t, int i) {
    DiscreteStates states = t.discreteStates();
    double sum = 0;
    for (int k = t.start(i); k < t.end(i); k++) {
      int allowed = 1 + (states.get(k, 0) < SIZE - 1 ? 1 : 0) + (states.get(k, 1) < SIZE - 1 ? 1 : 0);
      sum -= Math.log(allowed);
    }
    return sum;
  }

  /** log PB(τ | x) by hand: at each state after a move, one over its parents (-x if x > 0, -y if y > 0). */
  private static double handLogPb(Trajectories t, int i) {
    DiscreteStates states = t.discreteStates();
    double sum = 0;
    for (int k = t.start(i) + 1; k < t.end(i); k++) {
      sum -= Math.log((states.get(k, 0) > 0 ? 1 : 0) + (states.get(k, 1) > 0 ? 1 : 0));
    }
    return sum;
  }

  private static double handLogReward(Trajectories t, int i) {
    int last = t.terminalRow(i);
    return Math.log(1 + t.discreteStates().get(last, 0) + 2 * t.discreteStates().get(last, 1));
  }

  @Test
  void acceptanceRatio_isTheMetropolisHastingsFormula_computedByHand() {
    GFlowNet model = uniformModel();
    LocalSearch search = new LocalSearch(model, new LocalSearchConfig(1, 2,
        LocalSearchConfig.Acceptance.METROPOLIS_HASTINGS, LocalSearchConfig.TrainedOn.ACCEPTED));
    Trajectories current = fresh(model, 64, 3);
    LocalSearch.Round round = search.round(current, Exploration.NONE, new RandomStream(4));
    Trajectories back = round.backward();
    Trajectories proposed = round.proposed();
    int differing = 0;
    for (int i = 0; i < current.count(); i++) {
      assertThat(back.discreteStates().row(back.terminalRow(i)))
          .containsExactly(current.discreteStates().row(current.terminalRow(i))); // PB walked back from x
      double ratio = handLogReward(proposed, i) + handLogPb(back, i) + handLogPf(proposed, i)
          - handLogReward(back, i) - handLogPb(proposed, i) - handLogPf(back, i);
      assertThat(round.logAcceptance()[i]).as("trajectory %d", i).isCloseTo(Math.min(0, ratio), within(1e-6));
      // τ' keeps τ up to the junction, two PB steps back from x (or the initial state)
      int kept = Math.max(0, back.length(i) - 1 - 2);
      for (int k = 0; k < kept; k++) {
        assertThat(proposed.discreteStates().row(proposed.start(i) + k))
            .containsExactly(back.discreteStates().row(back.start(i) + k));
      }
      if (ratio != 0) {
        differing++;
      }
    }
    assertThat(differing).as("some proposals change the ratio").isPositive();
  }

  @Test
  void acceptanceRatio_byHand_isCappedAtOne() {
    // arguments: log R, log PF(τ), log PB(τ|x), then log R', log PF(τ'), log PB(τ'|x')
    // log R' + log PB(τ|x) + log PF(τ') - log R - log PB(τ'|x') - log PF(τ) = 0 - 1 - 3 - 2 + 0.5 + 2 = -3.5
    assertThat(LocalSearch.logAcceptance(2, -2, -1, 0, -3, -0.5)).isEqualTo(-3.5);
    // 0.5 - 1 - 2.5 - 0 + 1.5 + 2 = 0.5 > 0: accepted surely
    assertThat(LocalSearch.logAcceptance(0, -2, -1, 0.5, -2.5, -1.5)).isEqualTo(0.0);
  }

  @Test
  void greedy_keepsTheHigherReward() {
    GFlowNet model = uniformModel();
    LocalSearch search = new LocalSearch(model, new LocalSearchConfig(1, 3, LocalSearchConfig.Acceptance.GREEDY,
        LocalSearchConfig.TrainedOn.ACCEPTED));
    Trajectories current = fresh(model, 64, 7);
    LocalSearch.Round round = search.round(current, Exploration.NONE, new RandomStream(8));
    int accepted = 0;
    for (int i = 0; i < current.count(); i++) {
      double before = current.logReward(i);
      double after = round.proposed().logReward(i);
      assertThat(round.accepted()[i]).isEqualTo(after >= before);
      assertThat(round.next().logReward(i)).isEqualTo(Math.max(before, after));
      accepted += round.accepted()[i] ? 1 : 0;
    }
    assertThat(accepted).isBetween(1, current.count() - 1);
  }

  @Test
  void extend_addsOneTrajectoryPerFreshOnePerLoop_keepingTheOnPolicyPart() {
    GFlowNet model = uniformModel();
    Sampler<?, ?> sampler = Sampler.of(GRID, model.forwardPolicy(), model.reward());
    TrainingBatch fresh = sampler.sampleBatch(8, Exploration.NONE, new RandomStream(1));
    for (LocalSearchConfig.TrainedOn trainedOn : LocalSearchConfig.TrainedOn.values()) {
      LocalSearch search = new LocalSearch(model, new LocalSearchConfig(3, 2,
          LocalSearchConfig.Acceptance.METROPOLIS_HASTINGS, trainedOn));
      TrainingBatch extended = search.extend(fresh, Exploration.NONE, new RandomStream(2));
      assertThat(extended).isInstanceOf(MixedBatch.class);
      assertThat(((MixedBatch) extended).fresh()).isSameAs((OnPolicyBatch) fresh);
      assertThat(extended.trajectories().count()).isEqualTo(8 * 4);
      TrainingBatch again = search.extend(fresh, Exploration.NONE, new RandomStream(2));
      assertThat(again.trajectories().logRewards()).containsExactly(extended.trajectories().logRewards());
    }
  }
}
