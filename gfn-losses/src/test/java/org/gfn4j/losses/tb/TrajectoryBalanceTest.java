package org.gfn4j.losses.tb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.gfn4j.losses.TestBatches.CHAIN;
import static org.gfn4j.losses.TestBatches.longerTrajectories;
import static org.gfn4j.losses.TestBatches.plausibleInput;
import static org.gfn4j.losses.TestBatches.threeTrajectories;

import java.util.Map;
import java.util.function.DoubleUnaryOperator;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.objective.LogRewardClip;
import org.gfn4j.api.objective.ObjectiveInput;
import org.gfn4j.api.objective.ObjectiveResult;
import org.gfn4j.api.objective.ResidualPenalty;
import org.gfn4j.api.objective.ResidualPenalty.Kind;
import org.gfn4j.api.objective.Term;
import org.gfn4j.testkit.ObjectiveConformance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class TrajectoryBalanceTest {
  private static final LogRewardClip NO_CLIP = new LogRewardClip(Double.NEGATIVE_INFINITY);
  private static final double TOLERANCE = 1e-12;

  // Transitions: trajectory 0 = {0, 1}, trajectory 1 = {2}, trajectory 2 = {3, 4, 5}; 1, 2 and 5 are exits.
  private final double[] logPf = {-0.5, -1.0, -0.25, -1.5, -0.75, 0.0};
  private final double[] logPb = {-0.3, 0.0, 0.0, -0.4, -0.6, 0.0};
  private final double logZ = 1.25;
  private final Trajectories batch = threeTrajectories(0.2, -0.5, 1.0);

  // The residuals written out: log Z + sum log PF - sum log PB (non-exit steps) - log R.
  private final double r0 = 1.25 + (-0.5 + -1.0) - (-0.3) - 0.2;
  private final double r1 = 1.25 + (-0.25) - 0.0 - (-0.5);
  private final double r2 = 1.25 + (-1.5 + -0.75 + 0.0) - (-0.4 + -0.6) - 1.0;

  @Test
  void inputs_areLogPfLogPbAndLogZ() {
    assertThat(new TrajectoryBalance().inputs()).containsExactlyInAnyOrder(Term.LOG_PF, Term.LOG_PB, Term.LOG_Z);
  }

  @Test
  void handResiduals_haveTheIntendedValues() {
    assertThat(r0).isCloseTo(-0.15, within(TOLERANCE));
    assertThat(r1).isCloseTo(1.5, within(TOLERANCE));
    assertThat(r2).isCloseTo(-1.0, within(TOLERANCE));
  }

  @Test
  void squaredLoss_isTheMeanOfSquaredResiduals() {
    double loss = evaluate(ResidualPenalty.SQUARED, NO_CLIP, batch, logPf, logPb, logZ).loss();

    // (0.0225 + 2.25 + 1.0) / 3
    assertThat(loss).isCloseTo((r0 * r0 + r1 * r1 + r2 * r2) / 3, within(TOLERANCE));
    assertThat(loss).isCloseTo(3.2725 / 3, within(TOLERANCE));
  }

  @Test
  void halfSquaredLoss_isHalfTheSquaredLoss() {
    double loss = evaluate(new ResidualPenalty(Kind.HALF_SQUARED, 1), NO_CLIP, batch, logPf, logPb, logZ).loss();

    assertThat(loss).isCloseTo((0.5 * r0 * r0 + 0.5 * r1 * r1 + 0.5 * r2 * r2) / 3, within(TOLERANCE));
    assertThat(loss).isCloseTo(1.63625 / 3, within(TOLERANCE));
  }

  @Test
  void shiftedCoshLoss_averagesTwoCoshMinusTwo() {
    double loss = evaluate(new ResidualPenalty(Kind.SHIFTED_COSH, 1), NO_CLIP, batch, logPf, logPb, logZ).loss();

    DoubleUnaryOperator cosh = t -> Math.exp(t) + Math.exp(-t) - 2;
    double expected = (cosh.applyAsDouble(-0.15) + cosh.applyAsDouble(1.5) + cosh.applyAsDouble(-1.0)) / 3;
    assertThat(loss).isCloseTo(expected, within(TOLERANCE));
  }

  @Test
  void linexLoss_withAlphaOneHalf() {
    double loss = evaluate(new ResidualPenalty(Kind.LINEX, 0.5), NO_CLIP, batch, logPf, logPb, logZ).loss();

    // (e^(0.5 r) - 0.5 r - 1) / 0.25 for r = -0.15, 1.5, -1.0
    double expected = ((Math.exp(-0.075) + 0.075 - 1) / 0.25
        + (Math.exp(0.75) - 0.75 - 1) / 0.25
        + (Math.exp(-0.5) + 0.5 - 1) / 0.25) / 3;
    assertThat(loss).isCloseTo(expected, within(TOLERANCE));
  }

  @Test
  void squaredGradients_haveTheClosedForm() {
    ObjectiveResult result = evaluate(ResidualPenalty.SQUARED, NO_CLIP, batch, logPf, logPb, logZ);

    // dL/dlogPF[t] = 2 r_i / 3 on trajectory i; dL/dlogPB[t] = -2 r_i / 3 on its non-exit steps, 0 on exits.
    double g0 = 2 * r0 / 3;
    double g1 = 2 * r1 / 3;
    double g2 = 2 * r2 / 3;
    assertThat(result.gradients().get(Term.LOG_PF))
        .containsExactly(new double[] {g0, g0, g1, g2, g2, g2}, within(TOLERANCE));
    assertThat(result.gradients().get(Term.LOG_PB))
        .containsExactly(new double[] {-g0, 0, 0, -g2, -g2, 0}, within(TOLERANCE));
    assertThat(result.gradients().get(Term.LOG_Z)).containsExactly(new double[] {g0, g1, g2}, within(TOLERANCE));
  }

  @ParameterizedTest
  @MethodSource("org.gfn4j.losses.TestBatches#penalties")
  void gradients_matchFiniteDifferences(ResidualPenalty penalty) {
    TrajectoryBalance objective = new TrajectoryBalance(penalty, NO_CLIP);
    ObjectiveConformance.checkGradients(objective, new ObjectiveInput(batch,
        Map.of(Term.LOG_PF, logPf, Term.LOG_PB, logPb, Term.LOG_Z, new double[] {logZ, logZ, logZ})), 1e-6, 1e-6);
    ObjectiveConformance.checkGradients(objective, plausibleInput(objective.inputs(), longerTrajectories(), 23),
        1e-6, 1e-6);
  }

  @Test
  void exitSlotsOfLogPb_areNotRead() {
    double[] garbage = logPb.clone();
    garbage[1] = 7;
    garbage[2] = -3;
    garbage[5] = 100;

    ObjectiveResult clean = evaluate(ResidualPenalty.SQUARED, NO_CLIP, batch, logPf, logPb, logZ);
    ObjectiveResult dirty = evaluate(ResidualPenalty.SQUARED, NO_CLIP, batch, logPf, garbage, logZ);

    assertThat(dirty.loss()).isEqualTo(clean.loss());
    assertThat(dirty.gradients().get(Term.LOG_PB)).containsExactly(clean.gradients().get(Term.LOG_PB));
  }

  @Test
  void perfectBalance_hasZeroLossAndGradient() {
    // log Z = log R + sum log PB - sum log PF for every trajectory: all residuals are 0.
    double[] pf = {-1.0, -0.5, -0.5, -0.25, -0.25, -0.5};
    double[] pb = {-0.5, 0.0, 0.0, 0.0, 0.0, 0.0};
    // with log Z = 0.5: 0.5 + (-1.0 - 0.5) - (-0.5) - (-0.5) = 0; 0.5 - 0.5 - 0.0 = 0; 0.5 - 1.0 - 0 - (-0.5) = 0
    Trajectories balanced = threeTrajectories(-0.5, 0.0, -0.5);

    ObjectiveResult result = evaluate(ResidualPenalty.SQUARED, NO_CLIP, balanced, pf, pb, 0.5);

    assertThat(result.loss()).isCloseTo(0, within(TOLERANCE));
    assertThat(result.gradients().get(Term.LOG_Z)).containsOnly(0.0);
    assertThat(result.gradients().get(Term.LOG_PF)).containsOnly(0.0);
  }

  @Test
  void clip_raisesLogRewardsBelowTheMinimum() {
    Trajectories lowReward = threeTrajectories(-5.0, -0.5, 1.0);

    double loss = evaluate(ResidualPenalty.SQUARED, new LogRewardClip(-2), lowReward, logPf, logPb, logZ).loss();

    // trajectory 0 uses max(-5, -2) = -2: residual 1.25 - 1.5 + 0.3 + 2 = 2.05
    double clipped0 = 1.25 + (-0.5 + -1.0) - (-0.3) - (-2.0);
    assertThat(clipped0).isCloseTo(2.05, within(TOLERANCE));
    assertThat(loss).isCloseTo((clipped0 * clipped0 + r1 * r1 + r2 * r2) / 3, within(TOLERANCE));
  }

  @Test
  void clip_leavesLogRewardsAboveTheMinimumAlone() {
    double clipped = evaluate(ResidualPenalty.SQUARED, new LogRewardClip(-2), batch, logPf, logPb, logZ).loss();
    double unclipped = evaluate(ResidualPenalty.SQUARED, NO_CLIP, batch, logPf, logPb, logZ).loss();

    assertThat(clipped).isEqualTo(unclipped);
  }

  @Test
  void zeroRewardWithoutClip_failsNamingTrajectoryStateAndParameter() {
    // trajectory 1 ends in [0], whose reward log(0) is -inf
    Trajectories zeroReward = threeTrajectories(0.2, Double.NEGATIVE_INFINITY, 1.0);

    assertThatThrownBy(() -> evaluate(ResidualPenalty.SQUARED, NO_CLIP, zeroReward, logPf, logPb, logZ))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trajectory 1 ending in state [0] has log-reward -Infinity")
        .hasMessageContaining("log_reward_clip_min");
  }

  @Test
  void zeroRewardWithClip_usesTheClipValue() {
    Trajectories zeroReward = threeTrajectories(0.2, Double.NEGATIVE_INFINITY, 1.0);

    double loss = evaluate(ResidualPenalty.SQUARED, new LogRewardClip(-10), zeroReward, logPf, logPb, logZ).loss();

    // trajectory 1 uses log R = -10: residual 1.25 - 0.25 + 10 = 11
    double clipped1 = 1.25 + (-0.25) - 0.0 - (-10.0);
    assertThat(loss).isCloseTo((r0 * r0 + clipped1 * clipped1 + r2 * r2) / 3, within(TOLERANCE));
    assertThat(loss).isCloseTo((0.0225 + 121 + 1) / 3, within(TOLERANCE));
  }

  @Test
  void nanReward_failsNamingTrajectoryAndState() {
    Trajectories nan = threeTrajectories(0.2, -0.5, Double.NaN);

    assertThatThrownBy(() -> evaluate(ResidualPenalty.SQUARED, new LogRewardClip(-10), nan, logPf, logPb, logZ))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trajectory 2 ending in state [3] has log-reward NaN")
        .hasMessageContaining("must be finite");
  }

  @Test
  void infiniteReward_failsNamingTrajectoryAndState() {
    Trajectories infinite = threeTrajectories(Double.POSITIVE_INFINITY, -0.5, 1.0);

    assertThatThrownBy(() -> evaluate(ResidualPenalty.SQUARED, NO_CLIP, infinite, logPf, logPb, logZ))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trajectory 0 ending in state [1] has log-reward Infinity")
        .hasMessageContaining("must be finite");
  }

  @Test
  void emptyBatch_fails() {
    Trajectories empty = new Trajectories(CHAIN.states(0, new int[0]), new int[0], new int[] {0}, new double[0]);

    assertThatThrownBy(() -> evaluate(ResidualPenalty.SQUARED, NO_CLIP, empty, new double[0], new double[0], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one trajectory");
  }

  @Test
  void evaluate_doesNotModifyItsInputs() {
    double[] pf = logPf.clone();
    double[] pb = logPb.clone();

    evaluate(ResidualPenalty.SQUARED, NO_CLIP, batch, pf, pb, logZ);

    assertThat(pf).containsExactly(logPf);
    assertThat(pb).containsExactly(logPb);
  }

  private static ObjectiveResult evaluate(ResidualPenalty penalty, LogRewardClip clip, Trajectories trajectories,
      double[] pf, double[] pb, double z) {
    ObjectiveInput input = new ObjectiveInput(trajectories,
        Map.of(Term.LOG_PF, pf, Term.LOG_PB, pb, Term.LOG_Z, perTrajectory(trajectories, z)));
    return new TrajectoryBalance(penalty, clip).evaluate(input);
  }

  private static double[] perTrajectory(Trajectories trajectories, double logZ) {
    double[] values = new double[trajectories.count()];
    java.util.Arrays.fill(values, logZ);
    return values;
  }
}
