package org.gfn4j.losses.mdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.gfn4j.losses.TestBatches.CHAIN;
import static org.gfn4j.losses.TestBatches.longerTrajectories;
import static org.gfn4j.losses.TestBatches.plausibleInput;
import static org.gfn4j.losses.TestBatches.threeTrajectories;

import java.util.Map;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.objective.LogRewardClip;
import org.gfn4j.api.objective.ObjectiveInput;
import org.gfn4j.api.objective.ObjectiveResult;
import org.gfn4j.api.objective.ResidualPenalty;
import org.gfn4j.api.objective.Term;
import org.gfn4j.testkit.ObjectiveConformance;
import org.gfn4j.testkit.TrajectoryBatches;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ModifiedDetailedBalanceTest {
  private static final LogRewardClip NO_CLIP = new LogRewardClip(Double.NEGATIVE_INFINITY);
  private static final double TOLERANCE = 1e-12;
  private static final double MASKED = Double.NEGATIVE_INFINITY;

  // Rows: 0 [0] +1, 1 [1] exit | 2 [0] exit | 3 [0] +2, 4 [2] +1, 5 [3] exit. Non-exit transitions: 0, 3, 4.
  private final Trajectories batch = threeTrajectories(-0.5, 0.3, 1.0);
  // log PF(+1, +2, exit | state) per row, -inf where masked
  private final double[] logProbs = {
      -1.2, -1.5, -0.7,
      -1.1, -1.6, -0.8,
      -1.0, -1.3, -1.1,
      -0.9, -1.4, -1.2,
      -0.6, MASKED, -0.9,
      MASKED, MASKED, 0.0};
  private final double[] logPb = {-0.3, 0.0, 0.0, -0.4, -0.6, 0.0};
  private final double[] stateLogReward = {0.3, -0.5, 0.3, 0.3, 0.7, 1.0};

  @Test
  void inputs_areStateLogProbsBackwardLogProbsAndStateRewards() {
    assertThat(new ModifiedDetailedBalance(ResidualPenalty.SQUARED, NO_CLIP).inputs())
        .containsExactlyInAnyOrder(Term.PF_LOG_PROBS, Term.LOG_PB, Term.STATE_LOG_REWARD);
  }

  @Test
  void loss_equalsHandComputedValue() {
    // [log R(s) + log PF(a|s) + log PF(exit|s')] - [log R(s') + log PB(s|s') + log PF(exit|s)]
    double r0 = (0.3 + -1.2 + -0.8) - (-0.5 + -0.3 + -0.7);
    double r3 = (0.3 + -1.4 + -0.9) - (0.7 + -0.4 + -1.2);
    double r4 = (0.7 + -0.6 + 0.0) - (1.0 + -0.6 + -0.9);
    assertThat(new double[] {r0, r3, r4}).containsExactly(new double[] {-0.2, -1.1, 0.6}, within(TOLERANCE));

    ObjectiveResult result = evaluate(batch, logProbs, stateLogReward);

    // exits take no part: the mean runs over the 3 non-exit transitions
    assertThat(result.loss()).isCloseTo((0.04 + 1.21 + 0.36) / 3, within(TOLERANCE));
    double g = 2.0 / 3;
    // row 4's exit entry: +g r3 (as s' of transition 3) and -g r4 (as s of transition 4)
    assertThat(result.gradients().get(Term.PF_LOG_PROBS)).containsExactly(new double[] {
        g * r0, 0, -g * r0,
        0, 0, g * r0,
        0, 0, 0,
        0, g * r3, -g * r3,
        g * r4, 0, g * r3 - g * r4,
        0, 0, g * r4}, within(TOLERANCE));
    assertThat(result.gradients().get(Term.LOG_PB))
        .containsExactly(new double[] {-g * r0, 0, 0, -g * r3, -g * r4, 0}, within(TOLERANCE));
  }

  @Test
  void batchWithoutNonExitTransitions_hasZeroLossAndGradients() {
    Trajectories exits = TrajectoryBatches.replay(CHAIN, new double[] {0.3, 0.3}, new int[] {}, new int[] {});
    ObjectiveInput input = new ObjectiveInput(exits, Map.of(Term.PF_LOG_PROBS, new double[] {-1, -1, -1, -1, -1, -1},
        Term.LOG_PB, new double[2], Term.STATE_LOG_REWARD, new double[] {0.3, 0.3}));

    ObjectiveResult result = new ModifiedDetailedBalance(ResidualPenalty.SQUARED, NO_CLIP).evaluate(input);

    assertThat(result.loss()).isZero();
    assertThat(result.gradients().get(Term.PF_LOG_PROBS)).containsOnly(0.0);
    assertThat(result.gradients().get(Term.LOG_PB)).containsOnly(0.0);
  }

  @Test
  void stateThatCannotExit_failsSayingEveryStateMustBeTerminal() {
    double[] noExit = logProbs.clone();
    noExit[4 * 3 + 2] = MASKED;

    assertThatThrownBy(() -> evaluate(batch, noExit, stateLogReward))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("modified detailed balance needs an environment where every state can exit")
        .hasMessageContaining("state [2] (row 4)");
  }

  @Test
  void zeroStateRewardWithoutClip_failsNamingTheStateAndParameter() {
    // the chain's own reward of [0] is log 0
    double[] chainRewards = {Math.log(0), Math.log(1), Math.log(0), Math.log(0), Math.log(2), Math.log(3)};

    assertThatThrownBy(() -> evaluate(batch, logProbs, chainRewards))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("modified detailed balance: state [0] (row 0, in trajectory 0) has log-reward -Infinity")
        .hasMessageContaining("log_reward_clip_min");
  }

  @Test
  void zeroStateRewardWithClip_usesTheClipValue() {
    double[] chainRewards = {Math.log(0), Math.log(1), Math.log(0), Math.log(0), Math.log(2), Math.log(3)};
    ObjectiveInput input = new ObjectiveInput(batch,
        Map.of(Term.PF_LOG_PROBS, logProbs, Term.LOG_PB, logPb, Term.STATE_LOG_REWARD, chainRewards));

    double loss = new ModifiedDetailedBalance(ResidualPenalty.SQUARED, new LogRewardClip(-3)).evaluate(input).loss();

    double r0 = (-3 + -1.2 + -0.8) - (0 + -0.3 + -0.7);
    double r3 = (-3 + -1.4 + -0.9) - (Math.log(2) + -0.4 + -1.2);
    double r4 = (Math.log(2) + -0.6 + 0.0) - (Math.log(3) + -0.6 + -0.9);
    assertThat(loss).isCloseTo((r0 * r0 + r3 * r3 + r4 * r4) / 3, within(TOLERANCE));
  }

  @Test
  void nanStateReward_fails() {
    double[] nan = stateLogReward.clone();
    nan[5] = Double.NaN;

    assertThatThrownBy(() -> evaluate(batch, logProbs, nan))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("state [3] (row 5, in trajectory 2) has log-reward NaN")
        .hasMessageContaining("must be finite");
  }

  @ParameterizedTest
  @MethodSource("org.gfn4j.losses.TestBatches#penalties")
  void gradients_matchFiniteDifferences(ResidualPenalty penalty) {
    ModifiedDetailedBalance objective = new ModifiedDetailedBalance(penalty, NO_CLIP);
    ObjectiveConformance.checkGradients(objective, new ObjectiveInput(batch,
        Map.of(Term.PF_LOG_PROBS, logProbs, Term.LOG_PB, logPb, Term.STATE_LOG_REWARD, stateLogReward)), 1e-6, 1e-6);
    ObjectiveConformance.checkGradients(objective, plausibleInput(objective.inputs(), longerTrajectories(), 13),
        1e-6, 1e-6);
  }

  private ObjectiveResult evaluate(Trajectories trajectories, double[] probs, double[] rewards) {
    return new ModifiedDetailedBalance(ResidualPenalty.SQUARED, NO_CLIP).evaluate(new ObjectiveInput(trajectories,
        Map.of(Term.PF_LOG_PROBS, probs, Term.LOG_PB, logPb, Term.STATE_LOG_REWARD, rewards)));
  }
}
