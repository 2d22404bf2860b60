package org.gfn4j.losses.subtb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.gfn4j.losses.TestBatches.longerTrajectories;
import static org.gfn4j.losses.TestBatches.plausibleInput;
import static org.gfn4j.losses.TestBatches.threeTrajectories;

import java.util.Map;
import java.util.stream.Stream;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.objective.LogRewardClip;
import org.gfn4j.api.objective.ObjectiveInput;
import org.gfn4j.api.objective.ObjectiveResult;
import org.gfn4j.api.objective.ResidualPenalty;
import org.gfn4j.api.objective.ResidualPenalty.Kind;
import org.gfn4j.api.objective.Term;
import org.gfn4j.losses.db.DetailedBalance;
import org.gfn4j.losses.tb.TrajectoryBalance;
import org.gfn4j.testkit.ObjectiveConformance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class SubTrajectoryBalanceTest {
  private static final LogRewardClip NO_CLIP = new LogRewardClip(Double.NEGATIVE_INFINITY);
  private static final double TOLERANCE = 1e-12;
  private static final double LAMBDA = 0.9;

  // Trajectory 0 = transitions {0, 1}: [0] -> [1] -> exit; 1 = {2}: [0] -> exit; 2 = {3, 4, 5}: [0] -> [2] -> [3]
  // -> exit. Positions of a trajectory of n transitions: 0..n-1 its states, n the sink (flow log R).
  private final Trajectories batch = threeTrajectories(-0.5, 0.3, 1.0);
  private final double[] logPf = {-0.5, -1.0, -0.25, -1.5, -0.75, -0.1};
  private final double[] logPb = {-0.3, 0.0, 0.0, -0.4, -0.6, 0.0};
  private final double[] logF = {0.2, -0.3, 0.1, 0.4, -0.2, 0.5};
  private final double[] stateLogReward = {0.3, -0.5, 0.3, 0.3, 0.7, 1.0};

  // Every sub-trajectory residual r_ab = f(a) + sum log PF - f(b) - sum log PB (non-exit steps), written out.
  // Trajectory 0 (n = 2):
  private final double t0r01 = 0.2 + (-0.5) - (-0.3) - (-0.3);
  private final double t0r12 = -0.3 + (-1.0) - (-0.5);
  private final double t0r02 = 0.2 + (-0.5 + -1.0) - (-0.5) - (-0.3);
  // Trajectory 1 (n = 1):
  private final double t1r01 = 0.1 + (-0.25) - 0.3;
  // Trajectory 2 (n = 3):
  private final double t2r01 = 0.4 + (-1.5) - (-0.2) - (-0.4);
  private final double t2r12 = -0.2 + (-0.75) - 0.5 - (-0.6);
  private final double t2r23 = 0.5 + (-0.1) - 1.0;
  private final double t2r02 = 0.4 + (-1.5 + -0.75) - 0.5 - (-0.4 + -0.6);
  private final double t2r13 = -0.2 + (-0.75 + -0.1) - 1.0 - (-0.6);
  private final double t2r03 = 0.4 + (-1.5 + -0.75 + -0.1) - 1.0 - (-0.4 + -0.6);

  @Test
  void handResiduals_haveTheIntendedValues() {
    assertThat(new double[] {t0r01, t0r12, t0r02, t1r01, t2r01, t2r12, t2r23, t2r02, t2r13, t2r03})
        .containsExactly(new double[] {0.3, -0.8, -0.5, -0.45, -0.5, -0.85, -0.6, -1.35, -1.45, -1.95},
            within(TOLERANCE));
  }

  @Test
  void geometricWithin_loss_equalsHandComputedValue() {
    // lambda^(length-1) / sum of the trajectory's weights (n=2: 2 + 0.9; n=1: 1; n=3: 3 + 2*0.9 + 0.81), mean over 3
    double t0 = (sq(t0r01) + sq(t0r12) + 0.9 * sq(t0r02)) / 2.9;
    double t1 = sq(t1r01) / 1;
    double t2 = (sq(t2r01) + sq(t2r12) + sq(t2r23) + 0.9 * (sq(t2r02) + sq(t2r13)) + 0.81 * sq(t2r03)) / 5.61;
    double expected = (t0 + t1 + t2) / 3;
    assertThat(expected).isCloseTo(((0.09 + 0.64 + 0.225) / 2.9 + 0.2025 + 7.945025 / 5.61) / 3, within(TOLERANCE));

    assertThat(loss(Weighting.GEOMETRIC_WITHIN)).isCloseTo(expected, within(TOLERANCE));
  }

  @Test
  void geometric_loss_equalsHandComputedValue() {
    // the mean of each length over the batch (6, 3 and 1 sub-trajectories), mixed by lambda^(l-1) / (1 + 0.9 + 0.81)
    double length1 = (sq(t0r01) + sq(t0r12) + sq(t1r01) + sq(t2r01) + sq(t2r12) + sq(t2r23)) / 6;
    double length2 = (sq(t0r02) + sq(t2r02) + sq(t2r13)) / 3;
    double length3 = sq(t2r03);
    double expected = (length1 + 0.9 * length2 + 0.81 * length3) / 2.71;
    assertThat(expected).isCloseTo((2.265 / 6 + 0.9 * 4.175 / 3 + 0.81 * 3.8025) / 2.71, within(TOLERANCE));

    assertThat(loss(Weighting.GEOMETRIC)).isCloseTo(expected, within(TOLERANCE));
  }

  @Test
  void equal_loss_equalsHandComputedValue() {
    // the mean over all 3 + 1 + 6 sub-trajectories
    double expected = (sq(t0r01) + sq(t0r12) + sq(t0r02) + sq(t1r01) + sq(t2r01) + sq(t2r12) + sq(t2r23)
        + sq(t2r02) + sq(t2r13) + sq(t2r03)) / 10;
    assertThat(expected).isCloseTo(10.2425 / 10, within(TOLERANCE));

    assertThat(loss(Weighting.EQUAL)).isCloseTo(expected, within(TOLERANCE));
  }

  @Test
  void equalWithin_loss_equalsHandComputedValue() {
    // the mean within each trajectory, then over trajectories
    double t0 = (sq(t0r01) + sq(t0r12) + sq(t0r02)) / 3;
    double t1 = sq(t1r01);
    double t2 = (sq(t2r01) + sq(t2r12) + sq(t2r23) + sq(t2r02) + sq(t2r13) + sq(t2r03)) / 6;
    assertThat(loss(Weighting.EQUAL_WITHIN)).isCloseTo((t0 + t1 + t2) / 3, within(TOLERANCE));
    assertThat(loss(Weighting.EQUAL_WITHIN)).isCloseTo((0.98 / 3 + 0.2025 + 9.06 / 6) / 3, within(TOLERANCE));
  }

  @Test
  void tb_loss_equalsHandComputedValue() {
    // whole trajectories only, mean over trajectories
    assertThat(loss(Weighting.TB)).isCloseTo((sq(t0r02) + sq(t1r01) + sq(t2r03)) / 3, within(TOLERANCE));
    assertThat(loss(Weighting.TB)).isCloseTo((0.25 + 0.2025 + 3.8025) / 3, within(TOLERANCE));
  }

  @Test
  void db_loss_equalsHandComputedValue() {
    // single transitions only, mean over all 6 transitions
    double expected = (sq(t0r01) + sq(t0r12) + sq(t1r01) + sq(t2r01) + sq(t2r12) + sq(t2r23)) / 6;
    assertThat(loss(Weighting.DB)).isCloseTo(expected, within(TOLERANCE));
    assertThat(loss(Weighting.DB)).isCloseTo(2.265 / 6, within(TOLERANCE));
  }

  @Test
  void modifiedDb_loss_equalsHandComputedValue() {
    // single transitions, mean within each trajectory, then over trajectories
    double expected = ((sq(t0r01) + sq(t0r12)) / 2 + sq(t1r01) + (sq(t2r01) + sq(t2r12) + sq(t2r23)) / 3) / 3;
    assertThat(loss(Weighting.MODIFIED_DB)).isCloseTo(expected, within(TOLERANCE));
    assertThat(loss(Weighting.MODIFIED_DB)).isCloseTo((0.73 / 2 + 0.2025 + 1.3325 / 3) / 3, within(TOLERANCE));
  }

  @Test
  void geometricWithin_differentLambda_changesOnlyTheWeights() {
    // lambda = 0.5: n=2 weights 1, 1, 0.5 over 2.5; n=3: 1, 1, 1, 0.5, 0.5, 0.25 over 4.25
    double expected = ((0.09 + 0.64 + 0.5 * 0.25) / 2.5 + 0.2025
        + (0.25 + 0.7225 + 0.36 + 0.5 * (1.8225 + 2.1025) + 0.25 * 3.8025) / 4.25) / 3;

    double loss = new SubTrajectoryBalance(ResidualPenalty.SQUARED, NO_CLIP, 0.5, Weighting.GEOMETRIC_WITHIN, false)
        .evaluate(input(batch, logF, false)).loss();

    assertThat(loss).isCloseTo(expected, within(TOLERANCE));
  }

  /**
   * Losses printed by torchgfn's own {@code SubTBGFlowNet.loss} (master f39bfc96, float64, default reduction) on
   * this batch, with the log-probabilities and flows passed in time-major and {@code logF} replaced by these flows.
   */
  @ParameterizedTest
  @CsvSource({
      "geometric_within, 0.9, false, 0.6493452783412217", "geometric_within, 0.5, false, 0.5144901960784314",
      "geometric_within, 0.9, true, 0.8670286024545661",
      "geometric, 0.9, false, 1.7380166051660524", "geometric, 0.5, false, 1.1565476190476192",
      "geometric, 0.9, true, 1.6663806888068886",
      "equal, 0.9, false, 1.02425", "equal, 0.9, true, 1.2742500000000003",
      "equal_within, 0.9, false, 0.6797222222222223", "equal_within, 0.9, true, 0.8775000000000001",
      "tb, 0.9, false, 1.4183333333333337", "tb, 0.9, true, 0.9283333333333336",
      "db, 0.9, false, 0.3775", "db, 0.9, true, 0.8691666666666668",
      "modifieddb, 0.9, false, 0.3372222222222222", "modifieddb, 0.9, true, 0.7455555555555555"})
  void loss_matchesTorchgfn(String weighting, double lambda, boolean forwardLooking, double torchgfn) {
    double loss = new SubTrajectoryBalance(ResidualPenalty.SQUARED, NO_CLIP, lambda, Weighting.fromText(weighting),
        forwardLooking).evaluate(input(batch, logF, forwardLooking)).loss();

    assertThat(loss).isCloseTo(torchgfn, within(TOLERANCE));
  }

  @ParameterizedTest
  @MethodSource("penaltiesAndForwardLooking")
  void dbWeighting_equalsTheDetailedBalanceObjective(ResidualPenalty penalty, boolean forwardLooking) {
    ObjectiveInput input = input(batch, logF, forwardLooking);

    ObjectiveResult subtb = new SubTrajectoryBalance(penalty, NO_CLIP, LAMBDA, Weighting.DB, forwardLooking)
        .evaluate(input);
    ObjectiveResult db = new DetailedBalance(penalty, NO_CLIP, forwardLooking).evaluate(input);

    assertThat(subtb.loss()).isCloseTo(db.loss(), within(TOLERANCE));
    for (Term term : new Term[] {Term.LOG_PF, Term.LOG_PB, Term.LOG_F}) {
      assertThat(subtb.gradients().get(term)).as("%s", term)
          .containsExactly(db.gradients().get(term), within(TOLERANCE));
    }
  }

  @ParameterizedTest
  @MethodSource("org.gfn4j.losses.TestBatches#penalties")
  void tbWeighting_equalsTrajectoryBalanceWithTheInitialFlowAsLogZ(ResidualPenalty penalty) {
    // every trajectory starts at [0]; its flow (rows 0, 2, 3) plays the part of log Z = 0.2
    double[] sharedStart = {0.2, -0.3, 0.2, 0.2, -0.2, 0.5};

    ObjectiveResult subtb = new SubTrajectoryBalance(penalty, NO_CLIP, LAMBDA, Weighting.TB, false)
        .evaluate(input(batch, sharedStart, false));
    ObjectiveResult tb = new TrajectoryBalance(penalty, NO_CLIP).evaluate(new ObjectiveInput(batch,
        Map.of(Term.LOG_PF, logPf, Term.LOG_PB, logPb, Term.LOG_Z, new double[] {0.2, 0.2, 0.2})));

    assertThat(subtb.loss()).isCloseTo(tb.loss(), within(TOLERANCE));
    assertThat(subtb.gradients().get(Term.LOG_PF)).containsExactly(tb.gradients().get(Term.LOG_PF), within(TOLERANCE));
    assertThat(subtb.gradients().get(Term.LOG_PB)).containsExactly(tb.gradients().get(Term.LOG_PB), within(TOLERANCE));
    double[] gradF = subtb.gradients().get(Term.LOG_F);
    assertThat(new double[] {gradF[0], gradF[2], gradF[3]}).containsExactly(tb.gradients().get(Term.LOG_Z),
        within(TOLERANCE));
    assertThat(new double[] {gradF[1], gradF[4], gradF[5]}).containsOnly(0.0);
  }

  @Test
  void forwardLooking_tbWeighting_addsTheRewardsOfTheInitialState() {
    // f(0) = log F(s0) + log R(s0); the sink stays log R(x)
    double t0 = 0.2 + 0.3 + (-0.5 + -1.0) - (-0.5) - (-0.3);
    double t1 = 0.1 + 0.3 + (-0.25) - 0.3;
    double t2 = 0.4 + 0.3 + (-1.5 + -0.75 + -0.1) - 1.0 - (-0.4 + -0.6);

    double loss = new SubTrajectoryBalance(ResidualPenalty.SQUARED, NO_CLIP, LAMBDA, Weighting.TB, true)
        .evaluate(input(batch, logF, true)).loss();

    assertThat(loss).isCloseTo((t0 * t0 + t1 * t1 + t2 * t2) / 3, within(TOLERANCE));
    assertThat(loss).isCloseTo((0.04 + 0.0225 + 2.7225) / 3, within(TOLERANCE));
  }

  @ParameterizedTest
  @EnumSource(Weighting.class)
  void gradients_matchFiniteDifferences(Weighting weighting) {
    for (boolean forwardLooking : new boolean[] {false, true}) {
      SubTrajectoryBalance objective =
          new SubTrajectoryBalance(ResidualPenalty.SQUARED, NO_CLIP, LAMBDA, weighting, forwardLooking);
      ObjectiveConformance.checkGradients(objective, input(batch, logF, forwardLooking), 1e-6, 1e-6);
      ObjectiveConformance.checkGradients(objective, plausibleInput(objective.inputs(), longerTrajectories(), 11),
          1e-6, 1e-6);
    }
  }

  @ParameterizedTest
  @MethodSource("org.gfn4j.losses.TestBatches#penalties")
  void gradients_matchFiniteDifferences_withEveryPenalty(ResidualPenalty penalty) {
    for (Weighting weighting : new Weighting[] {Weighting.GEOMETRIC_WITHIN, Weighting.GEOMETRIC}) {
      for (double lambda : new double[] {0.5, 1.0, 2.0}) {
        SubTrajectoryBalance objective = new SubTrajectoryBalance(penalty, NO_CLIP, lambda, weighting, false);
        ObjectiveConformance.checkGradients(objective, plausibleInput(objective.inputs(), longerTrajectories(), 5),
            1e-6, 1e-6);
      }
    }
  }

  @Test
  void geometric_withLambdaOne_isTheMeanOfPerLengthMeans() {
    double length1 = 2.265 / 6;
    double length2 = 4.175 / 3;
    double length3 = 3.8025;

    double loss = new SubTrajectoryBalance(ResidualPenalty.SQUARED, NO_CLIP, 1.0, Weighting.GEOMETRIC, false)
        .evaluate(input(batch, logF, false)).loss();

    assertThat(loss).isCloseTo((length1 + length2 + length3) / 3, within(TOLERANCE));
  }

  @Test
  void zeroRewardWithoutClip_failsNamingTrajectoryStateAndParameter() {
    ObjectiveInput input = input(threeTrajectories(Double.NEGATIVE_INFINITY, 0.3, 1.0), logF, false);

    assertThatThrownBy(() -> new SubTrajectoryBalance(ResidualPenalty.SQUARED, NO_CLIP, LAMBDA,
        Weighting.GEOMETRIC_WITHIN, false).evaluate(input))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sub-trajectory balance: trajectory 0 ending in state [1] has log-reward -Infinity")
        .hasMessageContaining("log_reward_clip_min");
  }

  @Test
  void nanReward_fails() {
    ObjectiveInput input = input(threeTrajectories(-0.5, Double.NaN, 1.0), logF, false);

    assertThatThrownBy(() -> new SubTrajectoryBalance(ResidualPenalty.SQUARED, new LogRewardClip(-10), LAMBDA,
        Weighting.EQUAL, false).evaluate(input))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("trajectory 1 ending in state [0] has log-reward NaN")
        .hasMessageContaining("must be finite");
  }

  @Test
  void constructor_rejectsNonPositiveLambda() {
    assertThatThrownBy(() -> new SubTrajectoryBalance(ResidualPenalty.SQUARED, NO_CLIP, 0, Weighting.GEOMETRIC,
        false))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("lambda must be positive");
  }

  static Stream<Arguments> penaltiesAndForwardLooking() {
    return Stream.of(
        Arguments.of(ResidualPenalty.SQUARED, false),
        Arguments.of(ResidualPenalty.SQUARED, true),
        Arguments.of(new ResidualPenalty(Kind.LINEX, 1), false),
        Arguments.of(new ResidualPenalty(Kind.SHIFTED_COSH, 1), true));
  }

  private double loss(Weighting weighting) {
    return new SubTrajectoryBalance(ResidualPenalty.SQUARED, NO_CLIP, LAMBDA, weighting, false)
        .evaluate(input(batch, logF, false)).loss();
  }

  private ObjectiveInput input(Trajectories trajectories, double[] flows, boolean forwardLooking) {
    return new ObjectiveInput(trajectories, forwardLooking
        ? Map.of(Term.LOG_PF, logPf, Term.LOG_PB, logPb, Term.LOG_F, flows, Term.STATE_LOG_REWARD, stateLogReward)
        : Map.of(Term.LOG_PF, logPf, Term.LOG_PB, logPb, Term.LOG_F, flows));
  }

  private static double sq(double x) {
    return x * x;
  }
}
