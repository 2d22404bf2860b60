package org.gfn4j.envs.ebm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Map;
import org.gfn4j.api.env.Actions;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Masks;
import org.gfn4j.api.math.LogSumExp;
import org.junit.jupiter.api.Test;

/** "discrete-ebm": rewards and log Z by hand, masks, steps, rejections, encoding and enumeration. */
class DiscreteEbmTest {
  private static final double TOLERANCE = 1e-12;

  private static DiscreteEbm ebm(int ndim, double alpha) {
    return DiscreteEbmProvider.of(Map.of("ndim", "" + ndim, "alpha", "" + alpha));
  }

  private static DiscreteStates states(DiscreteEbm env, int[]... rows) {
    return env.states(rows.length, Arrays.stream(rows).flatMapToInt(Arrays::stream).toArray());
  }

  private static boolean[] row(Masks masks, int row) {
    boolean[] out = new boolean[masks.width()];
    for (int a = 0; a < out.length; a++) {
      out[a] = masks.isAllowed(row, a);
    }
    return out;
  }

  // ---- parameters ------------------------------------------------------------------------------------------

  @Test
  void defaults_areTorchgfnExampleSettings() {
    DiscreteEbm env = DiscreteEbmProvider.of(Map.of());

    assertThat(env.name()).isEqualTo("discrete-ebm");
    assertThat(env.ndim()).isEqualTo(4);
    assertThat(env.alpha()).isEqualTo(1.0);
    assertThat(env.stateDim()).isEqualTo(4);
    assertThat(env.actionCount()).isEqualTo(9);
    assertThat(env.encoding()).isEqualTo("identity");
    assertThat(env.encodingDim()).isEqualTo(4);
    assertThat(env.energy().matrix()).isDeepEqualTo(new double[][] {
        {1, 1, 1, 1}, {1, 1, 1, 1}, {1, 1, 1, 1}, {1, 1, 1, 1}});
  }

  @Test
  void parameters_outOfRangeAreRejectedNamingTheKey() {
    assertThatThrownBy(() -> DiscreteEbmProvider.of(Map.of("ndim", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'discrete-ebm': ndim=0 is invalid; expected an integer in [1, 256]");
    assertThatThrownBy(() -> DiscreteEbmProvider.of(Map.of("alpha", "inf")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("alpha=inf");
  }

  // ---- rewards and log Z by hand ---------------------------------------------------------------------------

  @Test
  void logReward_ndim2_isAlphaTimesSquaredMagnetisation() {
    DiscreteEbm env = ebm(2, 1.0); // spins x = 2s - 1; E = -(x1 + x2)^2 (diagonal of J included)

    double[] logReward = env.logReward(states(env, new int[] {0, 0}, new int[] {0, 1}, new int[] {1, 0},
        new int[] {1, 1}));

    assertThat(logReward).containsExactly(4.0, 0.0, 0.0, 4.0);
  }

  @Test
  void logReward_ndim3_alphaHalf() {
    DiscreteEbm env = ebm(3, 0.5); // (sum x)^2 is 9 with all spins equal, 1 otherwise

    double[] logReward = env.logReward(states(env, new int[] {0, 0, 0}, new int[] {1, 0, 0}, new int[] {0, 1, 1},
        new int[] {1, 1, 1}));

    assertThat(logReward).containsExactly(4.5, 0.5, 0.5, 4.5);
  }

  @Test
  void logPartition_ndim2And3_byHand_closedFormAndEnumeration() {
    double logZ2 = Math.log(2 * Math.exp(4) + 2); // 2 states of log R 4, 2 of log R 0
    double logZ3 = Math.log(2 * Math.exp(9) + 6 * Math.E); // 2 of log R 9, 6 of log R 1

    DiscreteEbm two = ebm(2, 1);
    DiscreteEbm three = ebm(3, 1);

    assertThat(two.closedFormLogPartition()).hasValueCloseTo(logZ2, within(TOLERANCE));
    assertThat(LogSumExp.of(two.logReward(two.terminalStates()))).isCloseTo(logZ2, within(TOLERANCE));
    assertThat(three.closedFormLogPartition()).hasValueCloseTo(logZ3, within(TOLERANCE));
    assertThat(LogSumExp.of(three.logReward(three.terminalStates()))).isCloseTo(logZ3, within(TOLERANCE));
    assertThat(three.logPartition()).isCloseTo(logZ3, within(TOLERANCE));
  }

  @Test
  void logPartition_closedFormAgreesWithEnumeration_forNegativeAndFractionalAlpha() {
    for (double alpha : new double[] {-0.7, 0.1, 2.5}) {
      DiscreteEbm env = ebm(7, alpha);
      assertThat(env.closedFormLogPartition().getAsDouble())
          .isCloseTo(LogSumExp.of(env.logReward(env.terminalStates())), within(1e-9));
    }
  }

  @Test
  void trueDistribution_ndim2_byHand() {
    double z = 2 * Math.exp(4) + 2;
    double mode = Math.exp(4) / z;

    assertThat(ebm(2, 1).trueDistribution()).containsExactly(new double[] {mode, 1 / z, 1 / z, mode},
        within(TOLERANCE));
  }

  @Test
  void logReward_rejectsIncompleteState() {
    DiscreteEbm env = ebm(3, 1);

    assertThatThrownBy(() -> env.logReward(states(env, new int[] {0, 1, 1}, new int[] {0, -1, 1})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("state [0, -1, 1] (row 1 of 2) of environment 'discrete-ebm' is not complete: coordinate 1 is -1,"
            + " and only complete states (values 0 and 1) have a reward");
  }

  @Test
  void logReward_rejectsValueOutsideTheAlphabet() {
    DiscreteEbm env = ebm(2, 1);

    assertThatThrownBy(() -> env.logReward(states(env, new int[] {2, 0})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[2, 0]").hasMessageContaining("coordinate 0 must be -1 (unset), 0 or 1");
  }

  // ---- masks and steps -------------------------------------------------------------------------------------

  @Test
  void masks_initialStateSetsAnyCoordinate_andCannotExit() {
    DiscreteEbm env = ebm(3, 1);
    DiscreteStates s0 = env.initialStates(1);

    assertThat(s0.row(0)).containsExactly(-1, -1, -1);
    assertThat(row(s0.forwardMasks(), 0)).containsExactly(true, true, true, true, true, true, false);
    assertThat(row(s0.backwardMasks(), 0)).containsExactly(false, false, false, false, false, false);
    assertThat(s0.isInitial(0)).isTrue();
  }

  @Test
  void step_setsTo0OrTo1_andBackwardStepUnsets() {
    DiscreteEbm env = ebm(3, 1);

    DiscreteStates s1 = env.step(env.initialStates(1), Actions.of(1)); // coordinate 1 to 0
    DiscreteStates s2 = env.step(s1, Actions.of(5)); // coordinate 2 to 1

    assertThat(s1.row(0)).containsExactly(-1, 0, -1);
    assertThat(s2.row(0)).containsExactly(-1, 0, 1);
    assertThat(row(s2.forwardMasks(), 0)).containsExactly(true, false, false, true, false, false, false);
    assertThat(row(s2.backwardMasks(), 0)).containsExactly(false, true, false, false, false, true);
    assertThat(env.backwardStep(s2, Actions.of(5)).row(0)).containsExactly(-1, 0, -1);
    assertThat(env.backwardStep(s2, Actions.of(1)).row(0)).containsExactly(-1, -1, 1);
  }

  @Test
  void masks_completeStateAllowsOnlyExit() {
    DiscreteEbm env = ebm(2, 1);
    DiscreteStates complete = states(env, new int[] {1, 0});

    assertThat(row(complete.forwardMasks(), 0)).containsExactly(false, false, false, false, true);
    assertThat(row(complete.backwardMasks(), 0)).containsExactly(false, true, true, false);
  }

  @Test
  void step_rejectsSettingACoordinateTwice() {
    DiscreteEbm env = ebm(3, 1);
    DiscreteStates batch = states(env, new int[] {-1, -1, -1}, new int[] {-1, 0, 1});

    assertThatThrownBy(() -> env.step(batch, Actions.of(0, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("action 4 is masked for state [-1, 0, 1] in environment 'discrete-ebm' (row 1 of 2)");
  }

  @Test
  void step_rejectsExit_whereverItIs() {
    DiscreteEbm env = ebm(2, 1);

    assertThatThrownBy(() -> env.step(states(env, new int[] {0, -1}), Actions.of(4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exit action 4").hasMessageContaining("[0, -1]");
    assertThatThrownBy(() -> env.step(states(env, new int[] {0, 1}), Actions.of(4)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("exit action 4");
  }

  @Test
  void backwardStep_rejectsUndoingTheOtherValue() {
    DiscreteEbm env = ebm(2, 1);

    assertThatThrownBy(() -> env.backwardStep(states(env, new int[] {1, -1}), Actions.of(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backward action 0 is masked for state [1, -1] in environment 'discrete-ebm' (row 0 of 1)");
  }

  @Test
  void everyTrajectory_hasNdimSteps() {
    DiscreteEbm env = ebm(4, 1);
    DiscreteStates s = env.initialStates(1);
    int[] order = {6, 1, 3, 4}; // coordinate 2 to 1, 1 to 0, 3 to 0, 0 to 1
    for (int action : order) {
      assertThat(s.forwardMasks().isAllowed(0, env.exitAction())).isFalse();
      s = env.step(s, Actions.of(action));
    }

    assertThat(s.row(0)).containsExactly(1, 0, 1, 0);
    assertThat(s.forwardMasks().countAllowed(0)).isEqualTo(1);
    assertThat(s.forwardMasks().isAllowed(0, env.exitAction())).isTrue();
  }

  // ---- encoding and enumeration ----------------------------------------------------------------------------

  @Test
  void encode_isTheIdentityOfTheValues() {
    DiscreteEbm env = ebm(3, 1);
    float[] out = new float[7];
    Arrays.fill(out, 9f);

    env.encode(states(env, new int[] {-1, 0, 1}, new int[] {1, 1, -1}), out);

    assertThat(out).containsExactly(-1f, 0f, 1f, 1f, 1f, -1f, 9f);
    assertThatThrownBy(() -> env.encode(env.initialStates(3), new float[8]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("9").hasMessageContaining("8");
  }

  @Test
  void enumeration_followsTorchgfnIndexing() {
    DiscreteEbm env = ebm(2, 1);
    DiscreteStates all = env.allStates();

    assertThat(env.stateCount()).isEqualTo(9);
    assertThat(all.toArray()).containsExactly(-1, -1, -1, 0, -1, 1, 0, -1, 0, 0, 0, 1, 1, -1, 1, 0, 1, 1);
    assertThat(env.indexOf(states(env, new int[] {0, -1}), 0)).isEqualTo(3);
    assertThat(env.indexOf(states(env, new int[] {1, 1}), 0)).isEqualTo(8);
    assertThat(env.terminalStates().toArray()).containsExactly(0, 0, 0, 1, 1, 0, 1, 1);
  }

  @Test
  void enumeration_refusedBeyond13Coordinates_butClosedFormRemains() {
    DiscreteEbm env = ebm(14, 1);

    assertThat(ebm(13, 1).stateCount()).isEqualTo(1_594_323);
    assertThat(env.isEnumerable()).isFalse();
    assertThatThrownBy(env::stateCount).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ndim <= 13").hasMessageContaining("ndim is 14");
    assertThatThrownBy(env::allStates).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> env.indexOf(env.initialStates(1), 0)).isInstanceOf(IllegalStateException.class);
    // Z = 2 e^196 (1 + 14 e^-52 + ...)
    assertThat(env.closedFormLogPartition().getAsDouble()).isCloseTo(196 + Math.log(2), within(1e-9));
  }
}
