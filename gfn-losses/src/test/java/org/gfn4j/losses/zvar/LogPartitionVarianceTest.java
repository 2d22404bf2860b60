package org.gfn4j.losses.zvar;

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

class LogPartitionVarianceTest {
  private static final LogRewardClip NO_CLIP = new LogRewardClip(Double.NEGATIVE_INFINITY);
  private static final double TOLERANCE = 1e-12;

  // Transitions: trajectory 0 = {0, 1}, 1 = {2}, 2 = {3, 4, 5}; 1, 2 and 5 are exits.
  private final Trajectories batch = threeTrajectories(-0.5, 0.3, 1.0);
  private final double[] logPf = {-0.5, -1.0, -0.25, -1.5, -0.75, -0.1};
  private final double[] logPb = {-0.3, 0.0, 0.0, -0.4, -0.6, 0.0};

  // score_i = sum log PF - sum log PB - log R, written out
  private final double s0 = (-0.5 + -1.0) - (-0.3) - (-0.5);
  private final double s1 = -0.25 - 0.3;
  private final double s2 = (-1.5 + -0.75 + -0.1) - (-0.4 + -0.6) - 1.0;

  @Test
  void inputs_areLogPfAndLogPbWithoutLogZ() {
    assertThat(new LogPartitionVariance(ResidualPenalty.SQUARED, NO_CLIP).inputs())
        .containsExactlyInAnyOrder(Term.LOG_PF, Term.LOG_PB);
  }

  @Test
  void loss_equalsHandComputedValue() {
    assertThat(new double[] {s0, s1, s2}).containsExactly(new double[] {-0.7, -0.55, -2.35}, within(TOLERANCE));
    double mean = (s0 + s1 + s2) / 3;
    assertThat(mean).isCloseTo(-1.2, within(TOLERANCE));

    ObjectiveResult result = evaluate(ResidualPenalty.SQUARED, batch);

    // centred scores 0.5, 0.65, -1.15
    assertThat(result.loss()).isCloseTo((0.25 + 0.4225 + 1.3225) / 3, within(TOLERANCE));
    // squared penalty: the centred scores sum to 0, so the mean's correction vanishes
    double g0 = 2 * 0.5 / 3;
    double g1 = 2 * 0.65 / 3;
    double g2 = 2 * -1.15 / 3;
    assertThat(result.gradients().get(Term.LOG_PF))
        .containsExactly(new double[] {g0, g0, g1, g2, g2, g2}, within(TOLERANCE));
    assertThat(result.gradients().get(Term.LOG_PB))
        .containsExactly(new double[] {-g0, 0, 0, -g2, -g2, 0}, within(TOLERANCE));
  }

  @Test
  void linexGradients_includeTheDependenceThroughTheMean() {
    ResidualPenalty linex = new ResidualPenalty(Kind.LINEX, 1);

    ObjectiveResult result = evaluate(linex, batch);

    // dL/dscore_j = (p'(c_j) - mean_i p'(c_i)) / 3 with p'(c) = e^c - 1
    double d0 = Math.expm1(0.5);
    double d1 = Math.expm1(0.65);
    double d2 = Math.expm1(-1.15);
    double average = (d0 + d1 + d2) / 3;
    assertThat(average).isNotCloseTo(0, within(0.01));
    assertThat(result.gradients().get(Term.LOG_PF)[2]).isCloseTo((d1 - average) / 3, within(TOLERANCE));
    assertThat(result.gradients().get(Term.LOG_PF)[3]).isCloseTo((d2 - average) / 3, within(TOLERANCE));
  }

  @Test
  void loss_isUnchangedByAConstantAddedToEveryLogReward() {
    double shifted = evaluate(ResidualPenalty.SQUARED, threeTrajectories(-0.5 + 4, 0.3 + 4, 1.0 + 4)).loss();

    assertThat(shifted).isCloseTo(evaluate(ResidualPenalty.SQUARED, batch).loss(), within(TOLERANCE));
  }

  @ParameterizedTest
  @MethodSource("org.gfn4j.losses.TestBatches#penalties")
  void gradients_matchFiniteDifferences(ResidualPenalty penalty) {
    LogPartitionVariance objective = new LogPartitionVariance(penalty, NO_CLIP);
    ObjectiveConformance.checkGradients(objective, input(batch), 1e-6, 1e-6);
    ObjectiveConformance.checkGradients(objective, plausibleInput(objective.inputs(), longerTrajectories(), 17),
        1e-6, 1e-6);
  }

  @Test
  void zeroRewardWithoutClip_failsNamingTrajectoryStateAndParameter() {
    assertThatThrownBy(() -> evaluate(ResidualPenalty.SQUARED, threeTrajectories(-0.5, Double.NEGATIVE_INFINITY, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("log-partition variance: trajectory 1 ending in state [0] has log-reward -Infinity")
        .hasMessageContaining("log_reward_clip_min");
  }

  @Test
  void nanReward_fails() {
    assertThatThrownBy(() -> evaluate(ResidualPenalty.SQUARED, threeTrajectories(-0.5, 0.3, Double.NaN)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trajectory 2 ending in state [3] has log-reward NaN");
  }

  private ObjectiveResult evaluate(ResidualPenalty penalty, Trajectories trajectories) {
    return new LogPartitionVariance(penalty, NO_CLIP).evaluate(input(trajectories));
  }

  private ObjectiveInput input(Trajectories trajectories) {
    return new ObjectiveInput(trajectories, Map.of(Term.LOG_PF, logPf, Term.LOG_PB, logPb));
  }
}
