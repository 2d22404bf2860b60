package org.gfn4j.envs.set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.gfn4j.api.env.Actions;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Masks;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.envs.StateGraphs;
import org.gfn4j.testkit.EnvironmentConformance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SetAdditionTest {
  private static final double TOLERANCE = 1e-12;
  /** The first item values of seed 0: {@code 2 u - 1}, u the nextDouble()s of {@code new SplittableRandom(0)}. */
  private static final double V0 = 0.7666216164272852;
  private static final double V1 = -0.13694400590298006;
  private static final double V2 = -0.9471324568148045;

  private static SetAddition sets(String settings) {
    return SetAddition.of(StateGraphs.settings(settings));
  }

  private static DiscreteStates states(SetAddition env, int[]... rows) {
    return env.states(rows.length, Arrays.stream(rows).flatMapToInt(Arrays::stream).toArray());
  }

  private static double logZ(SetAddition env) {
    return env.closedFormLogPartition().getAsDouble();
  }

  // ---- shape and parameters --------------------------------------------------------------------------------

  @Test
  void defaults_haveSixItemsAtMostFour() {
    SetAdditionProvider provider = new SetAdditionProvider();
    SetAddition env = provider.create(Parameters.defaults(SetAdditionProvider.OWNER, provider.parameters()));
    assertThat(env.name()).isEqualTo("set-addition");
    assertThat(env.parameters().asStrings()).containsEntry("n_items", "6").containsEntry("max_items", "4")
        .containsEntry("fixed_length", "false").containsEntry("reward", "values").containsEntry("seed", "0")
        .containsEntry("temperature", "1.0");
    assertThat(env.stateDim()).isEqualTo(6);
    assertThat(env.actionCount()).isEqualTo(7);
    assertThat(env.exitAction()).isEqualTo(6);
    assertThat(env.backwardActionCount()).isEqualTo(6);
    assertThat(env.encoding()).isEqualTo("identity");
    assertThat(env.encodingDim()).isEqualTo(6);
    assertThat(env.stateCount()).isEqualTo(1 + 6 + 15 + 20 + 15);
  }

  @Test
  void maxItemsAboveNItems_isRejected() {
    assertThatThrownBy(() -> sets("n_items=3;max_items=4"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'set-addition': max_items=4 exceeds n_items=3; a set holds at most n_items items");
  }

  @Test
  void nItemsOutOfRange_isRejected() {
    assertThatThrownBy(() -> sets("n_items=65"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("n_items=65 is invalid; expected an integer in [1, 64]");
  }

  // ---- rewards and log Z, by hand --------------------------------------------------------------------------

  @Test
  void sizeReward_isTheNumberOfItems_asInTorchgfnsTest() {
    SetAddition env = sets("n_items=3;max_items=2;reward=size");
    double[] logR = env.logReward(states(env, new int[] {0, 0, 0}, new int[] {0, 1, 0}, new int[] {1, 0, 1}));
    assertThat(logR).containsExactly(Double.NEGATIVE_INFINITY, 0, Math.log(2));
    assertThat(logZ(env)).isCloseTo(Math.log(0 + 3 * 1 + 3 * 2), within(TOLERANCE));
    assertThat(logZ(sets("n_items=3;max_items=2;reward=size;fixed_length=true")))
        .isCloseTo(Math.log(3 * 2), within(TOLERANCE));
  }

  @Test
  void valuesReward_isTheSumOfTheItemValues_pinnedForSeed0() {
    SetAddition env = sets("n_items=3;max_items=3");
    assertThat(env.itemValues()).containsExactly(new double[] {V0, V1, V2}, within(TOLERANCE));
    double[] logR = env.logReward(states(env, new int[] {0, 0, 0}, new int[] {1, 0, 1}, new int[] {1, 1, 1}));
    assertThat(logR).containsExactly(new double[] {0, V0 + V2, V0 + V1 + V2}, within(TOLERANCE));
    SetAddition hot = sets("n_items=3;max_items=3;temperature=0.5");
    assertThat(hot.logReward(states(hot, new int[] {1, 0, 1}))[0]).isCloseTo(2 * (V0 + V2), within(TOLERANCE));
  }

  @Test
  void valuesReward_logZ_isAProductOverItems_whenEverySetIsTerminal() {
    SetAddition env = sets("n_items=2;max_items=2");
    double expected = Math.log((1 + Math.exp(V0)) * (1 + Math.exp(V1)));
    assertThat(logZ(env)).isCloseTo(expected, within(TOLERANCE));
    SetAddition pairs = sets("n_items=3;max_items=2;fixed_length=true");
    assertThat(logZ(pairs)).isCloseTo(Math.log(Math.exp(V0 + V1) + Math.exp(V0 + V2) + Math.exp(V1 + V2)),
        within(TOLERANCE));
  }

  @Test
  void uniformReward_logZ_countsTheTerminalSets() {
    assertThat(logZ(sets("n_items=6;max_items=3;reward=uniform"))).isCloseTo(Math.log(42), within(TOLERANCE));
    assertThat(logZ(sets("n_items=6;max_items=3;reward=uniform;fixed_length=true")))
        .isCloseTo(Math.log(20), within(TOLERANCE));
  }

  @Test
  void logReward_ofANonTerminalSet_underFixedLength_isRejected() {
    SetAddition env = sets("n_items=3;max_items=2;fixed_length=true");
    assertThatThrownBy(() -> env.logReward(states(env, new int[] {1, 1, 0}, new int[] {0, 1, 0})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("state [0, 1, 0] (row 1)")
        .hasMessageContaining("has 1 items, so it is not terminal");
  }

  // ---- masks and steps (torchgfn's test_set_addition_fwd_step / bwd_step) ----------------------------------

  @Test
  void forwardSteps_addItems_untilMaxItems_thenOnlyExit() {
    SetAddition env = sets("n_items=4;max_items=3;reward=size");
    DiscreteStates s = env.step(env.initialStates(2), Actions.of(0, 1));
    assertThat(s.toArray()).containsExactly(1, 0, 0, 0, 0, 1, 0, 0);
    s = env.step(s, Actions.of(2, 3));
    assertThat(s.toArray()).containsExactly(1, 0, 1, 0, 0, 1, 0, 1);
    DiscreteStates two = s;
    assertThatThrownBy(() -> env.step(two, Actions.of(1, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("action 1 is masked for state [0, 1, 0, 1] in environment 'set-addition' (row 1 of 2)");
    s = env.step(s, Actions.of(3, 0));
    assertThat(s.toArray()).containsExactly(1, 0, 1, 1, 1, 1, 0, 1);
    DiscreteStates full = s;
    assertThatThrownBy(() -> env.step(full, Actions.of(1, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("action 1 is masked for state [1, 0, 1, 1]");
    Masks masks = full.forwardMasks();
    for (int a = 0; a < 4; a++) {
      assertThat(masks.isAllowed(0, a)).isFalse();
    }
    assertThat(masks.isAllowed(0, 4)).isTrue();
    assertThat(env.logReward(full)).containsExactly(Math.log(3), Math.log(3));
  }

  @Test
  void exit_isAllowedAtEverySize_unlessFixedLength() {
    SetAddition free = sets("n_items=3;max_items=2");
    SetAddition fixed = sets("n_items=3;max_items=2;fixed_length=true");
    int[][] rows = {{0, 0, 0}, {0, 1, 0}, {1, 1, 0}};
    Masks freeMasks = states(free, rows).forwardMasks();
    Masks fixedMasks = states(fixed, rows).forwardMasks();
    assertThat(new boolean[] {freeMasks.isAllowed(0, 3), freeMasks.isAllowed(1, 3), freeMasks.isAllowed(2, 3)})
        .containsExactly(true, true, true);
    assertThat(new boolean[] {fixedMasks.isAllowed(0, 3), fixedMasks.isAllowed(1, 3), fixedMasks.isAllowed(2, 3)})
        .containsExactly(false, false, true);
    assertThat(new boolean[] {fixedMasks.isAllowed(1, 0), fixedMasks.isAllowed(1, 1), fixedMasks.isAllowed(1, 2)})
        .containsExactly(true, false, true);
  }

  @Test
  void backwardSteps_removeItems_backToTheEmptySet() {
    SetAddition env = sets("n_items=5;max_items=4;reward=size");
    DiscreteStates s = states(env, new int[] {1, 1, 0, 1, 0}, new int[] {0, 1, 1, 0, 1});
    assertThat(s.backwardMasks().countAllowed(0)).isEqualTo(3);
    s = env.backwardStep(s, Actions.of(1, 2));
    assertThat(s.toArray()).containsExactly(1, 0, 0, 1, 0, 0, 1, 0, 0, 1);
    DiscreteStates two = s;
    assertThatThrownBy(() -> env.backwardStep(two, Actions.of(0, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backward action 0 is masked for state [0, 1, 0, 0, 1] in environment 'set-addition'"
            + " (row 1 of 2)");
    s = env.backwardStep(s, Actions.of(0, 4));
    s = env.backwardStep(s, Actions.of(3, 1));
    assertThat(s.toArray()).containsOnly(0);
    assertThat(s.isInitial(0) && s.isInitial(1)).isTrue();
  }

  @Test
  void statesOutsideTheEnvironment_areRejected() {
    SetAddition env = sets("n_items=3;max_items=2");
    assertThatThrownBy(() -> states(env, new int[] {1, 1, 1}).forwardMasks())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("state [1, 1, 1] is outside environment 'set-addition': it has 3 items, more than"
            + " max_items=2");
    assertThatThrownBy(() -> states(env, new int[] {0, 2, 0}).backwardMasks())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("entry 1 is 2, but membership entries are 0 or 1");
  }

  @Test
  void encoding_isTheMembershipVector() {
    SetAddition env = sets("n_items=3;max_items=2");
    float[] out = new float[6];
    Arrays.fill(out, 5f);
    env.encode(states(env, new int[] {1, 0, 1}, new int[] {0, 0, 0}), out);
    assertThat(out).containsExactly(1, 0, 1, 0, 0, 0);
  }

  // ---- enumeration -----------------------------------------------------------------------------------------

  @Test
  void index_isTheBinaryNumber_whenMaxItemsIsNItems() {
    SetAddition env = sets("n_items=3;max_items=3");
    DiscreteStates all = env.allStates();
    assertThat(all.size()).isEqualTo(8);
    for (int row = 0; row < 8; row++) {
      assertThat(all.get(row, 0) * 4 + all.get(row, 1) * 2 + all.get(row, 2)).isEqualTo(row);
    }
  }

  @Test
  void index_skipsUnreachableSets_inBinaryOrder() {
    SetAddition env = sets("n_items=4;max_items=2");
    DiscreteStates all = env.allStates();
    int[] expected = {0b0000, 0b0001, 0b0010, 0b0011, 0b0100, 0b0101, 0b0110, 0b1000, 0b1001, 0b1010, 0b1100};
    assertThat(env.stateCount()).isEqualTo(expected.length);
    for (int row = 0; row < expected.length; row++) {
      int number = 0;
      for (int i = 0; i < 4; i++) {
        number = 2 * number + all.get(row, i);
      }
      assertThat(number).as("row %d", row).isEqualTo(expected[row]);
      assertThat(env.indexOf(all, row)).isEqualTo(row);
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"n_items=6;max_items=3", "n_items=6;max_items=3;fixed_length=true", "n_items=5;max_items=5",
      "n_items=8;max_items=4"})
  void aSetOfKItems_isReachedByKFactorialTrajectories(String settings) {
    SetAddition env = sets(settings);
    long[] paths = StateGraphs.trajectoryCounts(env, env);
    DiscreteStates all = env.allStates();
    int terminals = 0;
    for (int row = 0; row < all.size(); row++) {
      int size = Arrays.stream(all.row(row)).sum();
      assertThat(paths[row]).as("trajectories to %s", all.format(row)).isEqualTo(factorial(size));
      terminals += all.forwardMasks().isAllowed(row, env.exitAction()) ? 1 : 0;
    }
    long expected = 0;
    for (int k = env.fixedLength() ? env.maxItems() : 0; k <= env.maxItems(); k++) {
      expected += binomial(env.nItems(), k);
    }
    assertThat(terminals).isEqualTo(expected);
  }

  @Test
  void largeSettings_areNotEnumerable_butStillWork() {
    SetAddition env = sets("n_items=64;max_items=32");
    assertThat(env.isEnumerable()).isFalse();
    assertThatThrownBy(env::stateCount)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("needs at most 1000000 reachable sets");
    assertThat(logZ(env)).isFinite();
    EnvironmentConformance.check(env, 5L);
  }

  // ---- conformance ---------------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @CsvSource({"n_items=6;max_items=4", "n_items=6;max_items=3;fixed_length=true", "n_items=1;max_items=1",
      "n_items=4;max_items=4;reward=size", "n_items=10;max_items=2;reward=uniform",
      "n_items=12;max_items=6;seed=5;temperature=0.3"})
  void conformanceKit_passes(String settings) {
    EnvironmentConformance.check(sets(settings), 20_261_209L);
  }

  private static long factorial(int k) {
    long f = 1;
    for (int i = 2; i <= k; i++) {
      f *= i;
    }
    return f;
  }

  private static long binomial(int n, int k) {
    long c = 1;
    for (int i = 1; i <= k; i++) {
      c = c * (n - k + i) / i;
    }
    return c;
  }
}
