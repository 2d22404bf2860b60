package org.gfn4j.losses.rtb;

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
import org.gfn4j.api.objective.ResidualPenalty.Kind;
import org.gfn4j.api.objective.Term;
import org.gfn4j.testkit.ObjectiveConformance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class RelativeTrajectoryBalanceTest {
  private static final LogRewardClip NO_CLIP = new LogRewardClip(Double.NEGATIVE_INFINITY);
  private static final ResidualPenalty HALF_SQUARED = new ResidualPenalty(Kind.HALF_SQUARED, 1);
  private static final double TOLERANCE = 1e-12;

  // Transitions: trajectory 0 = {0, 1}, 1 = {2}, 2 = {3, 4, 5}; 1, 2 and 5 are exits.
  private final Trajectories batch = threeTrajectories(-0.5, 0.3, 1.0);
  private final double[] logPf = {-0.5, -1.0, -0.25, -1.5, -0.75, -0.1};
  private final double[] priorLogPf = {-1.1, -0.9, -0.5, -1.0, -1.2, -0.3};
  private final double logZ = 0.4;

  @Test
  void inputs_arePosteriorAndPriorLogProbsAndLogZ() {
    assertThat(new RelativeTrajectoryBalance(HALF_SQUARED, NO_CLIP, 1).inputs())
        .containsExactlyInAnyOrder(Term.LOG_PF, Term.PRIOR_LOG_PF, Term.LOG_Z);
  }

  @Test
  void loss_equalsHandComputedValue() {
    // log Z + sum log PF - sum log PF_prior - beta log R, the exit included in both sums
    double r0 = 0.4 + (-0.5 + -1.0) - (-1.1 + -0.9) - (-0.5);
    double r1 = 0.4 + (-0.25) - (-0.5) - 0.3;
    double r2 = 0.4 + (-1.5 + -0.75 + -0.1) - (-1.0 + -1.2 + -0.3) - 1.0;
    assertThat(new double[] {r0, r1, r2}).containsExactly(new double[] {1.4, 0.35, -0.45}, within(TOLERANCE));

    ObjectiveResult result = evaluate(HALF_SQUARED, 1, batch);

    assertThat(result.loss()).isCloseTo((0.5 * 1.96 + 0.5 * 0.1225 + 0.5 * 0.2025) / 3, within(TOLERANCE));
    assertThat(result.gradients().get(Term.LOG_PF)).containsExactly(
        new double[] {r0 / 3, r0 / 3, r1 / 3, r2 / 3, r2 / 3, r2 / 3}, within(TOLERANCE));
    assertThat(result.gradients().get(Term.LOG_Z)).containsExactly(new double[] {r0 / 3, r1 / 3, r2 / 3},
        within(TOLERANCE));
    assertThat(result.gradients()).doesNotContainKey(Term.PRIOR_LOG_PF);
  }

  @Test
  void beta_scalesTheLogReward() {
    // beta = 2: r0 = 0.9 + 2 * 0.5, r1 = 0.65 - 2 * 0.3, r2 = 0.55 - 2 * 1.0
    double r0 = 0.9 + 2 * 0.5;
    double r1 = 0.65 - 2 * 0.3;
    double r2 = 0.55 - 2 * 1.0;

    double loss = evaluate(ResidualPenalty.SQUARED, 2, batch).loss();

    assertThat(loss).isCloseTo((r0 * r0 + r1 * r1 + r2 * r2) / 3, within(TOLERANCE));
    assertThat(loss).isCloseTo((3.61 + 0.0025 + 2.1025) / 3, within(TOLERANCE));
  }

  @ParameterizedTest
  @MethodSource("org.gfn4j.losses.TestBatches#penalties")
  void gradients_matchFiniteDifferences(ResidualPenalty penalty) {
    RelativeTrajectoryBalance objective = new RelativeTrajectoryBalance(penalty, NO_CLIP, 1.5);
    ObjectiveConformance.checkGradients(objective, input(batch), 1e-6, 1e-6);
    ObjectiveConformance.checkGradients(objective, plausibleInput(objective.inputs(), longerTrajectories(), 19),
        1e-6, 1e-6);
  }

  @Test
  void zeroRewardWithoutClip_failsNamingTrajectoryStateAndParameter() {
    assertThatThrownBy(() -> evaluate(HALF_SQUARED, 1, threeTrajectories(-0.5, Double.NEGATIVE_INFINITY, 1.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("relative trajectory balance: trajectory 1 ending in state [0] has log-reward -Infinity")
        .hasMessageContaining("log_reward_clip_min");
  }

  @Test
  void zeroRewardWithClip_clipsBeforeScaling() {
    double loss = new RelativeTrajectoryBalance(ResidualPenalty.SQUARED, new LogRewardClip(-3), 2)
        .evaluate(input(threeTrajectories(-0.5, Double.NEGATIVE_INFINITY, 1.0))).loss();

    double r1 = 0.4 + (-0.25) - (-0.5) - 2 * -3.0;
    assertThat(loss).isCloseTo((1.9 * 1.9 + r1 * r1 + 1.45 * 1.45) / 3, within(TOLERANCE));
  }

  @Test
  void nanReward_fails() {
    assertThatThrownBy(() -> evaluate(HALF_SQUARED, 1, threeTrajectories(-0.5, 0.3, Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trajectory 2 ending in state [3] has log-reward NaN");
  }

  @Test
  void constructor_rejectsNonPositiveBeta() {
    assertThatThrownBy(() -> new RelativeTrajectoryBalance(HALF_SQUARED, NO_CLIP, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("beta must be positive");
  }

  private ObjectiveResult evaluate(ResidualPenalty penalty, double beta, Trajectories trajectories) {
    return new RelativeTrajectoryBalance(penalty, NO_CLIP, beta).evaluate(input(trajectories));
  }

  private ObjectiveInput input(Trajectories trajectories) {
    return new ObjectiveInput(trajectories,
        Map.of(Term.LOG_PF, logPf, Term.PRIOR_LOG_PF, priorLogPf, Term.LOG_Z, perTrajectory(trajectories, logZ)));
  }

  private static double[] perTrajectory(Trajectories trajectories, double logZ) {
    double[] values = new double[trajectories.count()];
    java.util.Arrays.fill(values, logZ);
    return values;
  }
}
