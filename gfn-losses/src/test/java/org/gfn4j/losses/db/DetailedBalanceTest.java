package org.gfn4j.losses.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DetailedBalanceTest {
  private static final LogRewardClip NO_CLIP = new LogRewardClip(Double.NEGATIVE_INFINITY);
  private static final double TOLERANCE = 1e-12;

  // Transitions: trajectory 0 = {0, 1} ([0] -> [1] -> exit), 1 = {2} ([0] -> exit), 2 = {3, 4, 5}
  // ([0] -> [2] -> [3] -> exit); 1, 2 and 5 are exits.
  private final Trajectories batch = threeTrajectories(-0.5, 0.3, 1.0);
  private final double[] logPf = {-0.5, -1.0, -0.25, -1.5, -0.75, -0.1};
  private final double[] logPb = {-0.3, 0.0, 0.0, -0.4, -0.6, 0.0};
  private final double[] logF = {0.2, -0.3, 0.1, 0.4, -0.2, 0.5};
  // log R of each row's state: [0] 0.3, [1] -0.5, [2] 0.7, [3] 1.0 (terminal ones equal the trajectories')
  private final double[] stateLogReward = {0.3, -0.5, 0.3, 0.3, 0.7, 1.0};

  @Test
  void inputs_dependOnForwardLooking() {
    assertThat(new DetailedBalance(ResidualPenalty.SQUARED, NO_CLIP, false).inputs())
        .containsExactlyInAnyOrder(Term.LOG_PF, Term.LOG_PB, Term.LOG_F);
    assertThat(new DetailedBalance(ResidualPenalty.SQUARED, NO_CLIP, true).inputs())
        .containsExactlyInAnyOrder(Term.LOG_PF, Term.LOG_PB, Term.LOG_F, Term.STATE_LOG_REWARD);
  }

  @Test
  void loss_equalsHandComputedValue() {
    // non-exit: log F[t] + log PF[t] - log F[t+1] - log PB[t]; exit: log F[t] + log PF[t] - log R
    double r0 = 0.2 + (-0.5) - (-0.3) - (-0.3);
    double r1 = -0.3 + (-1.0) - (-0.5);
    double r2 = 0.1 + (-0.25) - 0.3;
    double r3 = 0.4 + (-1.5) - (-0.2) - (-0.4);
    double r4 = -0.2 + (-0.75) - 0.5 - (-0.6);
    double r5 = 0.5 + (-0.1) - 1.0;
    assertThat(new double[] {r0, r1, r2, r3, r4, r5})
        .containsExactly(new double[] {0.3, -0.8, -0.45, -0.5, -0.85, -0.6}, within(TOLERANCE));

    ObjectiveResult result = evaluate(false, batch);

    // (0.09 + 0.64 + 0.2025 + 0.25 + 0.7225 + 0.36) / 6: every transition counts, exits included
    assertThat(result.loss()).isCloseTo(2.265 / 6, within(TOLERANCE));
    double g = 2.0 / 6;
    assertThat(result.gradients().get(Term.LOG_F)).containsExactly(new double[] {
        g * r0, g * (r1 - r0), g * r2, g * r3, g * (r4 - r3), g * (r5 - r4)}, within(TOLERANCE));
    assertThat(result.gradients().get(Term.LOG_PB))
        .containsExactly(new double[] {-g * r0, 0, 0, -g * r3, -g * r4, 0}, within(TOLERANCE));
  }

  @Test
  void forwardLookingLoss_equalsHandComputedValue() {
    // the flow of state t is log F[t] + log R(state t); an exit's residual is log F[t] + log PF[t]
    double r0 = (0.2 + 0.3) + (-0.5) - (-0.3 + -0.5) - (-0.3);
    double r1 = -0.3 + (-1.0);
    double r2 = 0.1 + (-0.25);
    double r3 = (0.4 + 0.3) + (-1.5) - (-0.2 + 0.7) - (-0.4);
    double r4 = (-0.2 + 0.7) + (-0.75) - (0.5 + 1.0) - (-0.6);
    double r5 = 0.5 + (-0.1);
    assertThat(new double[] {r0, r1, r2, r3, r4, r5})
        .containsExactly(new double[] {1.1, -1.3, -0.15, -0.9, -1.15, 0.4}, within(TOLERANCE));

    double loss = evaluate(true, batch).loss();

    assertThat(loss).isCloseTo((r0 * r0 + r1 * r1 + r2 * r2 + r3 * r3 + r4 * r4 + r5 * r5) / 6, within(TOLERANCE));
    assertThat(loss).isCloseTo((1.21 + 1.69 + 0.0225 + 0.81 + 1.3225 + 0.16) / 6, within(TOLERANCE));
  }

  @Test
  void exitSlotsOfLogPb_areNotRead() {
    double[] garbage = logPb.clone();
    garbage[1] = 7;
    garbage[5] = -3;

    ObjectiveResult dirty = new DetailedBalance(ResidualPenalty.SQUARED, NO_CLIP, false).evaluate(
        new ObjectiveInput(batch, Map.of(Term.LOG_PF, logPf, Term.LOG_PB, garbage, Term.LOG_F, logF)));

    assertThat(dirty.loss()).isEqualTo(evaluate(false, batch).loss());
  }

  @ParameterizedTest
  @MethodSource("org.gfn4j.losses.TestBatches#penalties")
  void gradients_matchFiniteDifferences(ResidualPenalty penalty) {
    for (boolean forwardLooking : new boolean[] {false, true}) {
      DetailedBalance objective = new DetailedBalance(penalty, NO_CLIP, forwardLooking);
      ObjectiveConformance.checkGradients(objective, input(forwardLooking, batch), 1e-6, 1e-6);
      ObjectiveConformance.checkGradients(objective, plausibleInput(objective.inputs(), longerTrajectories(), 7),
          1e-6, 1e-6);
    }
  }

  @Test
  void zeroRewardWithoutClip_failsNamingTrajectoryStateAndParameter() {
    Trajectories zero = threeTrajectories(-0.5, Double.NEGATIVE_INFINITY, 1.0);

    assertThatThrownBy(() -> evaluate(false, zero))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("detailed balance: trajectory 1 ending in state [0] has log-reward -Infinity")
        .hasMessageContaining("log_reward_clip_min");
  }

  @Test
  void zeroRewardWithClip_usesTheClipValue() {
    Trajectories zero = threeTrajectories(-0.5, Double.NEGATIVE_INFINITY, 1.0);
    ObjectiveInput input = input(false, zero);

    double loss = new DetailedBalance(ResidualPenalty.SQUARED, new LogRewardClip(-4), false).evaluate(input).loss();

    // transition 2's residual becomes 0.1 - 0.25 + 4 = 3.85 instead of -0.45
    assertThat(loss).isCloseTo((2.265 - 0.2025 + 3.85 * 3.85) / 6, within(TOLERANCE));
  }

  @Test
  void nanReward_fails() {
    assertThatThrownBy(() -> evaluate(false, threeTrajectories(-0.5, 0.3, Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trajectory 2 ending in state [3] has log-reward NaN")
        .hasMessageContaining("must be finite");
  }

  @Test
  void forwardLooking_zeroStateRewardWithoutClip_failsNamingTheState() {
    double[] withZero = stateLogReward.clone();
    withZero[4] = Double.NEGATIVE_INFINITY;
    ObjectiveInput input = new ObjectiveInput(batch,
        Map.of(Term.LOG_PF, logPf, Term.LOG_PB, logPb, Term.LOG_F, logF, Term.STATE_LOG_REWARD, withZero));

    assertThatThrownBy(() -> new DetailedBalance(ResidualPenalty.SQUARED, NO_CLIP, true).evaluate(input))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("detailed balance: state [2] (row 4, in trajectory 2) has log-reward -Infinity")
        .hasMessageContaining("log_reward_clip_min");
  }

  private ObjectiveResult evaluate(boolean forwardLooking, Trajectories trajectories) {
    return new DetailedBalance(ResidualPenalty.SQUARED, NO_CLIP, forwardLooking)
        .evaluate(input(forwardLooking, trajectories));
  }

  private ObjectiveInput input(boolean forwardLooking, Trajectories trajectories) {
    return new ObjectiveInput(trajectories, forwardLooking
        ? Map.of(Term.LOG_PF, logPf, Term.LOG_PB, logPb, Term.LOG_F, logF, Term.STATE_LOG_REWARD, stateLogReward)
        : Map.of(Term.LOG_PF, logPf, Term.LOG_PB, logPb, Term.LOG_F, logF));
  }
}
