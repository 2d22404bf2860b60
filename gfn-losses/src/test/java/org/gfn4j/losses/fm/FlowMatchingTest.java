package org.gfn4j.losses.fm;

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
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class FlowMatchingTest {
  private static final LogRewardClip NO_CLIP = new LogRewardClip(Double.NEGATIVE_INFINITY);
  private static final double TOLERANCE = 1e-12;
  private static final double NAN = Double.NaN;

  // Rows: 0 [0], 1 [1] (exit) | 2 [0] (exit) | 3 [0], 4 [2], 5 [3] (exit). Actions +1, +2, exit.
  private final Trajectories batch = threeTrajectories(-0.5, 0.3, 1.0);
  // Log edge flows of each state ([0]: 0.1, -0.2, 0.3; [1]: 0.5, 0.2, -0.1; [2]: 0.3, masked, -0.5; [3]: masked,
  // masked, 0.8); masked entries hold garbage that must not be read.
  private final double[] logits = {
      0.1, -0.2, 0.3,
      0.5, 0.2, -0.1,
      0.1, -0.2, 0.3,
      0.1, -0.2, 0.3,
      0.3, 9.0, -0.5,
      7.0, 8.0, 0.8};
  // Per row and backward action b: the flow of the edge parent -> state (NaN where b is masked).
  // [1]: from [0] by +1; [2]: from [1] by +1 and from [0] by +2 (two parents); [3]: from [2] by +1, from [1] by +2.
  private final double[] parentLogits = {
      NAN, NAN,
      0.1, NAN,
      NAN, NAN,
      NAN, NAN,
      0.5, -0.2,
      0.3, 0.2};

  @Test
  void inputs_areEdgeFlowsOfStatesAndParents() {
    assertThat(new FlowMatching(ResidualPenalty.SQUARED, NO_CLIP, 1).inputs())
        .containsExactlyInAnyOrder(Term.PF_LOGITS, Term.PF_PARENT_LOGITS);
  }

  @Test
  void loss_equalsHandComputedValue() {
    // flow matching at the non-initial states [1] (row 1), [2] (row 4) and [3] (row 5): all parents in, all
    // allowed edges out (exit included)
    double r1 = 0.1 - Math.log(Math.exp(0.5) + Math.exp(0.2) + Math.exp(-0.1));
    double r4 = Math.log(Math.exp(0.5) + Math.exp(-0.2)) - Math.log(Math.exp(0.3) + Math.exp(-0.5));
    double r5 = Math.log(Math.exp(0.3) + Math.exp(0.2)) - 0.8;
    // reward matching at the terminal rows 1, 2, 5: log F(x -> exit) - log R(x)
    double m0 = -0.1 - (-0.5);
    double m1 = 0.3 - 0.3;
    double m2 = 0.8 - 1.0;
    double flowPart = (r1 * r1 + r4 * r4 + r5 * r5) / 3;
    double rewardPart = (m0 * m0 + m1 * m1 + m2 * m2) / 3;
    assertThat(rewardPart).isCloseTo(0.2 / 3, within(TOLERANCE));

    assertThat(loss(1.0)).isCloseTo(flowPart + rewardPart, within(TOLERANCE));
    assertThat(loss(0.5)).isCloseTo(flowPart + 0.5 * rewardPart, within(TOLERANCE));
    assertThat(loss(0.0)).isCloseTo(flowPart, within(TOLERANCE));
  }

  /**
   * Values printed by torchgfn's own {@code FMGFlowNet} (master f39bfc96, float64): {@code flow_matching_loss} on
   * the states [1], [2], [3] plus {@code alpha * reward_matching_loss} on [1], [0], [3], with {@code logF} the table
   * of edge flows above.
   */
  @ParameterizedTest
  @CsvSource({"1.0, 0.5945521433119098", "0.5, 0.5612188099785764"})
  void loss_matchesTorchgfn(double alpha, double torchgfn) {
    assertThat(loss(alpha)).isCloseTo(torchgfn, within(TOLERANCE));
  }

  @Test
  void gradients_areSoftmaxWeights() {
    ObjectiveResult result = evaluate(new FlowMatching(ResidualPenalty.SQUARED, NO_CLIP, 1), batch);

    // at row 4 ([2]) the incoming gradient splits 2 r4 / 3 between the parents by softmax(0.5, -0.2)
    double r4 = Math.log(Math.exp(0.5) + Math.exp(-0.2)) - Math.log(Math.exp(0.3) + Math.exp(-0.5));
    double weight = Math.exp(0.5) / (Math.exp(0.5) + Math.exp(-0.2));
    double[] parents = result.gradients().get(Term.PF_PARENT_LOGITS);
    assertThat(parents[8]).isCloseTo(2 * r4 / 3 * weight, within(TOLERANCE));
    assertThat(parents[9]).isCloseTo(2 * r4 / 3 * (1 - weight), within(TOLERANCE));
    // masked entries get no gradient
    double[] edges = result.gradients().get(Term.PF_LOGITS);
    assertThat(new double[] {edges[13], edges[15], edges[16], parents[0], parents[1], parents[3]}).containsOnly(0.0);
  }

  @Test
  void maskedEntries_areNotRead() {
    double[] garbage = logits.clone();
    garbage[13] = -40;
    garbage[15] = 100;
    double[] parentGarbage = parentLogits.clone();
    parentGarbage[3] = 5;

    double dirty = new FlowMatching(ResidualPenalty.SQUARED, NO_CLIP, 1).evaluate(new ObjectiveInput(batch,
        Map.of(Term.PF_LOGITS, garbage, Term.PF_PARENT_LOGITS, parentGarbage))).loss();

    assertThat(dirty).isEqualTo(loss(1.0));
  }

  @Test
  void batchOfImmediateExits_onlyMatchesRewards() {
    Trajectories exits = TrajectoryBatches.replay(CHAIN, new double[] {0.1, 0.5}, new int[] {}, new int[] {});
    ObjectiveInput input = new ObjectiveInput(exits, Map.of(Term.PF_LOGITS, new double[] {0.1, -0.2, 0.3, 0.1, -0.2,
        0.3}, Term.PF_PARENT_LOGITS, new double[] {NAN, NAN, NAN, NAN}));

    double loss = new FlowMatching(ResidualPenalty.SQUARED, NO_CLIP, 2).evaluate(input).loss();

    // no state to flow-match; reward matching with alpha = 2: 2 * ((0.3 - 0.1)^2 + (0.3 - 0.5)^2) / 2
    assertThat(loss).isCloseTo(2 * (0.04 + 0.04) / 2, within(TOLERANCE));
  }

  @ParameterizedTest
  @MethodSource("org.gfn4j.losses.TestBatches#penalties")
  void gradients_matchFiniteDifferences(ResidualPenalty penalty) {
    FlowMatching objective = new FlowMatching(penalty, NO_CLIP, 0.7);
    ObjectiveConformance.checkGradients(objective, new ObjectiveInput(batch,
        Map.of(Term.PF_LOGITS, logits, Term.PF_PARENT_LOGITS, parentLogits)), 1e-6, 1e-6);
    ObjectiveConformance.checkGradients(objective, plausibleInput(objective.inputs(), longerTrajectories(), 3), 1e-6,
        1e-6);
  }

  @Test
  void zeroRewardWithoutClip_failsNamingTrajectoryStateAndParameter() {
    assertThatThrownBy(() -> evaluate(new FlowMatching(ResidualPenalty.SQUARED, NO_CLIP, 1),
        threeTrajectories(-0.5, Double.NEGATIVE_INFINITY, 1.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("flow matching: trajectory 1 ending in state [0] has log-reward -Infinity")
        .hasMessageContaining("log_reward_clip_min");
  }

  @Test
  void nanReward_fails() {
    assertThatThrownBy(() -> evaluate(new FlowMatching(ResidualPenalty.SQUARED, NO_CLIP, 1),
        threeTrajectories(Double.NaN, 0.3, 1.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trajectory 0 ending in state [1] has log-reward NaN");
  }

  @Test
  void nanFlowOfAnAllowedParentEdge_failsNamingTheState() {
    double[] broken = parentLogits.clone();
    broken[9] = NAN;

    assertThatThrownBy(() -> new FlowMatching(ResidualPenalty.SQUARED, NO_CLIP, 1).evaluate(new ObjectiveInput(batch,
        Map.of(Term.PF_LOGITS, logits, Term.PF_PARENT_LOGITS, broken))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("incoming edge flow of action 1 at state [2] (row 4) is NaN");
  }

  @Test
  void constructor_rejectsNegativeAlpha() {
    assertThatThrownBy(() -> new FlowMatching(ResidualPenalty.SQUARED, NO_CLIP, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("alpha must be finite and >= 0");
  }

  private double loss(double alpha) {
    return evaluate(new FlowMatching(ResidualPenalty.SQUARED, NO_CLIP, alpha), batch).loss();
  }

  private ObjectiveResult evaluate(FlowMatching objective, Trajectories trajectories) {
    return objective.evaluate(new ObjectiveInput(trajectories,
        Map.of(Term.PF_LOGITS, logits, Term.PF_PARENT_LOGITS, parentLogits)));
  }
}
