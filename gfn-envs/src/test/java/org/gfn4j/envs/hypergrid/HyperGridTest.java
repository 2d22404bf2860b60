package org.gfn4j.envs.hypergrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Map;
import org.gfn4j.api.env.Actions;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.param.Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HyperGridTest {
  private static final double LOG_Z_TOLERANCE = 1e-6; // the reference table prints six decimals
  private static final double REWARD_TOLERANCE = 1e-12;

  private static HyperGrid grid(int ndim, int height) {
    return HyperGrid.of(Map.of("ndim", Integer.toString(ndim), "height", Integer.toString(height)));
  }

  private static DiscreteStates states(HyperGrid grid, int[]... rows) {
    return grid.states(rows.length, Arrays.stream(rows).flatMapToInt(Arrays::stream).toArray());
  }

  private static double reward(HyperGrid grid, int... state) {
    return Math.exp(grid.logReward(states(grid, state))[0]);
  }

  // ---- log Z against the reference table -------------------------------------------------------------------

  @ParameterizedTest(name = "{0}x{1}, r0={2}: log Z = {3}")
  @CsvSource({
      "2, 8, 0.1, 3.109061",
      "2, 16, 0.1, 4.183576",
      "2, 64, 0.1, 7.098045",
      "2, 64, 0.01, 6.734544",
      "2, 64, 0.001, 6.689719",
      "3, 8, 0.1, 4.597138",
      "4, 8, 0.1, 6.344934",
      "4, 8, 0.01, 5.303106",
      "4, 8, 0.001, 5.100452",
      "4, 16, 0.1, 9.063417",
      "5, 8, 0.1, 8.256555"})
  void logPartition_matchesReferenceTable_inClosedFormAndByEnumeration(
      int ndim, int height, double r0, double expected) {
    HyperGrid grid = HyperGrid.of(Map.of("ndim", "" + ndim, "height", "" + height, "r0", "" + r0));

    assertThat(grid.closedFormLogPartition()).hasValueCloseTo(expected, within(LOG_Z_TOLERANCE));
    assertThat(logSumExp(grid.logReward(grid.allStates()))).isCloseTo(expected, within(LOG_Z_TOLERANCE));
  }

  @Test
  void closedFormLogPartition_availableBeyondEnumerationLimit() {
    HyperGrid grid = grid(8, 8); // 16,777,216 states

    assertThat(grid.closedFormLogPartition()).hasValueCloseTo(14.352589, within(LOG_Z_TOLERANCE));
    assertThat(grid.isEnumerable()).isFalse();
    assertThatThrownBy(grid::stateCount).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("10000000").hasMessageContaining("16777216");
    assertThatThrownBy(grid::allStates).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> grid.indexOf(grid.initialStates(1), 0)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void closedFormLogPartition_finiteForLargestGrid() {
    HyperGrid grid = grid(32, 1024); // o = 512; the band term, (b / 1024)^32 < 1e-22, is negligible

    // Z = 0.1 * 1024^32 + 0.5 * 512^32 + ... = 0.1 * 1024^32 * (1 + 5 * 2^-32)
    assertThat(grid.closedFormLogPartition().getAsDouble())
        .isCloseTo(Math.log(0.1) + 32 * Math.log(1024) + Math.log1p(5 * Math.pow(2, -32)), within(1e-12));
    assertThat(grid.isEnumerable()).isFalse();
  }

  @ParameterizedTest(name = "{0}x{1}: {2} modes")
  @CsvSource({"2, 8, 4", "4, 8, 16", "2, 64, 144", "3, 8, 8"})
  void modes_countMatchesReferenceTable(int ndim, int height, int modes) {
    HyperGrid grid = grid(ndim, height);
    double modeLogReward = Math.log(grid.r0() + grid.r1() + grid.r2());

    long count = Arrays.stream(grid.logReward(grid.allStates())).filter(r -> r == modeLogReward).count();

    assertThat(count).isEqualTo(modes);
    assertThat(grid.stateCount()).isEqualTo((int) Math.pow(height, ndim));
  }

  // ---- rewards ---------------------------------------------------------------------------------------------

  @Test
  void logReward_matchesHandCheckedStates() {
    HyperGrid grid = grid(2, 8); // outer region {0, 1, 6, 7}, band {1, 6}

    assertThat(reward(grid, 0, 0)).isCloseTo(0.6, within(REWARD_TOLERANCE));
    assertThat(reward(grid, 1, 1)).isCloseTo(2.6, within(REWARD_TOLERANCE));
    assertThat(reward(grid, 3, 3)).isCloseTo(0.1, within(REWARD_TOLERANCE));
    assertThat(reward(grid, 1, 6)).isCloseTo(2.6, within(REWARD_TOLERANCE));
    assertThat(reward(grid, 0, 1)).isCloseTo(0.6, within(REWARD_TOLERANCE));
    assertThat(reward(grid, 7, 2)).isCloseTo(0.1, within(REWARD_TOLERANCE));
    assertThat(reward(grid, 6, 7)).isCloseTo(0.6, within(REWARD_TOLERANCE));
  }

  @Test
  void logReward_isMinusInfinityWhereRewardIsZero() {
    HyperGrid grid = HyperGrid.of(Map.of("r0", "0"));

    double[] logReward = grid.logReward(states(grid, new int[] {3, 4}, new int[] {1, 6}));

    assertThat(logReward[0]).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(logReward[1]).isCloseTo(Math.log(2.5), within(REWARD_TOLERANCE));
  }

  @Test
  void logReward_rejectsStateOutsideGrid() {
    HyperGrid grid = grid(2, 8);

    assertThatThrownBy(() -> grid.logReward(states(grid, new int[] {8, 0})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("[8, 0]").hasMessageContaining("[0, 7]");
  }

  // ---- masks and steps -------------------------------------------------------------------------------------

  @Test
  void masks_atInitialStateAndFarCorner() {
    HyperGrid grid = grid(2, 8);
    DiscreteStates batch = states(grid, new int[] {0, 0}, new int[] {7, 7});

    assertThat(maskRow(batch, 0, true)).containsExactly(true, true, true);
    assertThat(maskRow(batch, 0, false)).containsExactly(false, false);
    assertThat(maskRow(batch, 1, true)).containsExactly(false, false, true);
    assertThat(maskRow(batch, 1, false)).containsExactly(true, true);
    assertThat(batch.isInitial(0)).isTrue();
    assertThat(batch.isInitial(1)).isFalse();
    assertThat(grid.initialStates(1).format(0)).isEqualTo("[0, 0]");
  }

  @Test
  void step_incrementsAndBackwardStepDecrements() {
    HyperGrid grid = grid(3, 4);
    DiscreteStates start = states(grid, new int[] {0, 0, 0}, new int[] {1, 3, 2});

    DiscreteStates next = grid.step(start, Actions.of(2, 0));
    DiscreteStates back = grid.backwardStep(next, Actions.of(2, 0));

    assertThat(next.toArray()).containsExactly(0, 0, 1, 2, 3, 2);
    assertThat(back.toArray()).containsExactly(start.toArray());
  }

  @Test
  void step_rejectsMaskedAction() {
    HyperGrid grid = grid(2, 8);
    DiscreteStates batch = states(grid, new int[] {0, 0}, new int[] {7, 3});

    assertThatThrownBy(() -> grid.step(batch, Actions.of(0, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("action 0 is masked for state [7, 3] in environment 'hypergrid' (row 1 of 2)");
  }

  @Test
  void step_rejectsExitAction() {
    HyperGrid grid = grid(2, 8);

    assertThatThrownBy(() -> grid.step(grid.initialStates(1), Actions.of(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exit action 2").hasMessageContaining("[0, 0]");
  }

  @Test
  void backwardStep_rejectsMaskedAction() {
    HyperGrid grid = grid(2, 8);

    assertThatThrownBy(() -> grid.backwardStep(states(grid, new int[] {0, 5}), Actions.of(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backward action 0 is masked for state [0, 5] in environment 'hypergrid' (row 0 of 1)");
  }

  @Test
  void longestTrajectory_hasNdimTimesHeightMinusOneSteps() {
    HyperGrid grid = grid(3, 5);
    DiscreteStates state = grid.initialStates(1);
    int steps = 0;
    for (int d = 0; d < 3; d++) {
      while (state.forwardMasks().isAllowed(0, d)) {
        state = grid.step(state, Actions.of(d));
        steps++;
      }
    }

    assertThat(steps).isEqualTo(3 * 4);
    assertThat(state.format(0)).isEqualTo("[4, 4, 4]");
    assertThat(state.forwardMasks().countAllowed(0)).isEqualTo(1);
  }

  // ---- encodings and indices -------------------------------------------------------------------------------

  @Test
  void encode_khotSetsOneFeaturePerDimension() {
    HyperGrid grid = grid(2, 8);
    float[] out = new float[2 * 16];
    Arrays.fill(out, Float.NaN);

    grid.encode(states(grid, new int[] {2, 5}, new int[] {0, 7}), out);

    float[] expected = new float[32];
    expected[2] = 1;
    expected[8 + 5] = 1;
    expected[16] = 1;
    expected[16 + 8 + 7] = 1;
    assertThat(grid.encodingDim()).isEqualTo(16);
    assertThat(grid.encoding()).isEqualTo("khot");
    assertThat(out).containsExactly(expected);
  }

  @Test
  void encode_onehotSetsCanonicalIndex() {
    HyperGrid grid = HyperGrid.of(Map.of("ndim", "2", "height", "3", "encoding", "onehot"));
    float[] out = new float[9];
    Arrays.fill(out, -1f);

    grid.encode(states(grid, new int[] {2, 1}), out);

    assertThat(grid.encodingDim()).isEqualTo(9);
    assertThat(out).containsExactly(0, 0, 0, 0, 0, 0, 0, 1, 0);
  }

  @Test
  void encode_identityWritesCoordinatesAndLeavesTheRestOfALargerBuffer() {
    HyperGrid grid = HyperGrid.of(Map.of("ndim", "3", "height", "6", "encoding", "identity"));
    float[] out = {9, 9, 9, 9};

    grid.encode(states(grid, new int[] {5, 0, 3}), out);

    assertThat(grid.encodingDim()).isEqualTo(3);
    assertThat(out).containsExactly(5, 0, 3, 9);
  }

  @Test
  void encode_rejectsTooSmallBuffer() {
    HyperGrid grid = grid(2, 8);

    assertThatThrownBy(() -> grid.encode(grid.initialStates(2), new float[31]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32").hasMessageContaining("31");
  }

  @Test
  void indexOf_isCanonicalAndAllStatesFollowIt() {
    HyperGrid grid = grid(4, 8);
    DiscreteStates all = grid.allStates();

    assertThat(grid.indexOf(states(grid, new int[] {1, 2, 3, 4}), 0)).isEqualTo(1 * 512 + 2 * 64 + 3 * 8 + 4);
    assertThat(grid.indexOf(states(grid, new int[] {7, 7, 7, 7}), 0)).isEqualTo(4095);
    assertThat(all.format(0)).isEqualTo("[0, 0, 0, 0]");
    assertThat(all.format(1)).isEqualTo("[0, 0, 0, 1]");
    assertThat(all.format(668)).isEqualTo("[1, 2, 3, 4]");
    assertThat(all.format(4095)).isEqualTo("[7, 7, 7, 7]");
  }

  // ---- provider validation ---------------------------------------------------------------------------------

  @Test
  void provider_rejectsUnknownKey() {
    assertThatThrownBy(() -> HyperGrid.of(Map.of("size", "3")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'size'").hasMessageContaining("ndim, height, r0, r1, r2, encoding");
  }

  @Test
  void provider_rejectsOutOfRangeHeight() {
    assertThatThrownBy(() -> HyperGrid.of(Map.of("height", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'hypergrid': height=1 is invalid; expected an integer in [2, 1024]");
  }

  @Test
  void provider_rejectsMalformedNdim() {
    assertThatThrownBy(() -> HyperGrid.of(Map.of("ndim", "abc")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'hypergrid': ndim=abc is invalid; expected an integer in [1, 32]");
  }

  @Test
  void provider_rejectsAllRewardsZero() {
    assertThatThrownBy(() -> HyperGrid.of(Map.of("r0", "0", "r1", "0", "r2", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("r0").hasMessageContaining("r1").hasMessageContaining("r2");
  }

  @Test
  void provider_rejectsGridWhereEveryRewardIsZero() {
    // with height 2 every coordinate has ax = 0.5, outside the band, so only r2 > 0 gives zero everywhere
    assertThatThrownBy(() -> HyperGrid.of(Map.of("height", "2", "r0", "0", "r1", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("height=2").hasMessageContaining("r0 or r1");
  }

  @Test
  void provider_rejectsInfiniteReward() {
    assertThatThrownBy(() -> HyperGrid.of(Map.of("r1", "Infinity")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("r1=Infinity").hasMessageContaining("finite");
  }

  @Test
  void provider_rejectsOnehotForLargeGrid() {
    assertThatThrownBy(() -> HyperGrid.of(Map.of("ndim", "6", "height", "8", "encoding", "onehot")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("encoding=onehot").hasMessageContaining("100000").hasMessageContaining("khot");
  }

  @Test
  void provider_createsFromDefaults() {
    HyperGridProvider provider = new HyperGridProvider();

    HyperGrid grid = provider.create(Parameters.defaults("environment 'hypergrid'", provider.parameters()));

    assertThat(provider.name()).isEqualTo("hypergrid");
    assertThat(grid.ndim()).isEqualTo(2);
    assertThat(grid.height()).isEqualTo(8);
    assertThat(grid.stateDim()).isEqualTo(2);
    assertThat(grid.actionCount()).isEqualTo(3);
    assertThat(grid.exitAction()).isEqualTo(2);
    assertThat(grid.parameters().asStrings()).containsEntry("r2", "2.0").containsEntry("encoding", "khot");
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  private static boolean[] maskRow(DiscreteStates states, int row, boolean forward) {
    var masks = forward ? states.forwardMasks() : states.backwardMasks();
    boolean[] out = new boolean[masks.width()];
    for (int a = 0; a < out.length; a++) {
      out[a] = masks.isAllowed(row, a);
    }
    return out;
  }

  private static double logSumExp(double[] values) {
    double max = Arrays.stream(values).max().orElseThrow();
    return max + Math.log(Arrays.stream(values).map(v -> Math.exp(v - max)).sum());
  }
}
