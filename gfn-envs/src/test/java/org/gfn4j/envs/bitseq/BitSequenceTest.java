package org.gfn4j.envs.bitseq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.gfn4j.api.env.Actions;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.math.LogSumExp;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.testkit.EnvironmentConformance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BitSequenceTest {
  private static final double TOLERANCE = 1e-12;

  private static BitSequence env(String... keyValues) {
    Map<String, String> settings = new HashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      settings.put(keyValues[i], keyValues[i + 1]);
    }
    return BitSequence.of(settings);
  }

  private static DiscreteStates states(BitSequence env, int[]... rows) {
    return env.states(rows.length, Arrays.stream(rows).flatMapToInt(Arrays::stream).toArray());
  }

  @Test
  void defaults_areTorchgfns_andTooLargeToEnumerate() {
    BitSequence env = BitSequence.of(Map.of());

    assertThat(env.wordSize()).isEqualTo(4);
    assertThat(env.seqSize()).isEqualTo(120);
    assertThat(env.modes().count()).isEqualTo(60);
    assertThat(env.temperature()).isEqualTo(1.0);
    assertThat(env.stateDim()).isEqualTo(30);
    assertThat(env.actionCount()).isEqualTo(17);
    assertThat(env.isEnumerable()).isFalse();
    assertThat(env.closedFormLogPartition()).isEmpty();
    assertThatThrownBy(env::stateCount).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("2000000").hasMessageContaining("seq_size=120");
  }

  @Test
  void logReward_isMinusNearestHammingDistanceOverTemperature() {
    BitSequence env = env("seq_size", "8", "word_size", "1", "n_modes", "2"); // modes 00111100, 00001111
    assertThat(env.modes().toString()).isEqualTo("Modes[00111100, 00001111]");

    double[] logR = env.logReward(states(env,
        new int[] {0, 0, 1, 1, 1, 1, 0, 0}, // a mode
        new int[] {1, 1, 1, 1, 1, 1, 1, 1}, // 4 from either
        new int[] {0, 0, 0, 0, 1, 1, 0, 0}, // 2 from either
        new int[] {1, 0, 0, 0, 0, 0, 0, 0}, // 5 from either
        new int[] {0, 0, 0, 0, 1, 1, 1, 0})); // 1 from 00001111, 3 from 00111100

    assertThat(logR).containsExactly(new double[] {0, -4, -2, -5, -1}, within(TOLERANCE));
    BitSequence hot = env("seq_size", "8", "word_size", "2", "n_modes", "2", "temperature", "2");
    assertThat(hot.logReward(states(hot, new int[] {2, 0, 0, 0}, new int[] {0, 0, 3, 2})))
        .containsExactly(new double[] {-2.5, -0.5}, within(TOLERANCE)); // 10000000: 5; 00001110: 1
  }

  @Test
  void logPartition_oneMode_isBinomial() {
    // one mode: the strings at distance d number C(8, d), so Z = sum_d C(8, d) e^-d = (1 + e^-1)^8
    BitSequence env = env("seq_size", "8", "word_size", "1", "n_modes", "1");
    double expected = 8 * Math.log(1 + Math.exp(-1));

    assertThat(env.closedFormLogPartition()).hasValueCloseTo(expected, within(TOLERANCE));
    DiscreteStates all = env.allStates();
    int[] complete = IntStream.range(0, all.size())
        .filter(row -> all.forwardMasks().isAllowed(row, env.exitAction())).toArray();
    assertThat(complete).hasSize(256);
    assertThat(LogSumExp.of(env.logReward(all.select(complete)))).isCloseTo(expected, within(TOLERANCE));
  }

  @ParameterizedTest(name = "word_size={0}: {1} states")
  @CsvSource({"1, 511", "2, 341", "4, 273", "8, 257"})
  void stateCount_sumsEveryLength(int wordSize, int states) {
    BitSequence env = env("seq_size", "8", "word_size", "" + wordSize, "n_modes", "2");

    assertThat(env.stateCount()).isEqualTo(states);
    assertThat(env.actionCount()).isEqualTo((1 << wordSize) + 1);
    DiscreteStates all = env.allStates();
    assertThat(all.format(0)).isEqualTo(env.initialStates(1).format(0));
    assertThat(env.indexOf(states(env, all.row(states - 1)), 0)).isEqualTo(states - 1);
  }

  @Test
  void masks_appendUntilComplete_thenOnlyExit_andRemoveTheLastWord() {
    BitSequence env = env("seq_size", "8", "word_size", "4", "n_modes", "1");
    DiscreteStates s = env.initialStates(1);
    assertThat(s.forwardMasks().countAllowed(0)).isEqualTo(16);
    assertThat(s.forwardMasks().isAllowed(0, env.exitAction())).isFalse();
    assertThat(s.isInitial(0)).isTrue();

    s = env.step(env.step(s, Actions.of(9)), Actions.of(3));

    assertThat(s.row(0)).containsExactly(9, 3);
    assertThat(s.forwardMasks().countAllowed(0)).isEqualTo(1);
    assertThat(s.forwardMasks().isAllowed(0, env.exitAction())).isTrue();
    assertThat(s.backwardMasks().countAllowed(0)).isEqualTo(1);
    assertThat(s.backwardMasks().isAllowed(0, 3)).isTrue();
    assertThat(env.backwardStep(s, Actions.of(3)).row(0)).containsExactly(9, -1);
  }

  @Test
  void step_rejectsInvalidActions_namingStateRowAndAction() {
    BitSequence env = env("seq_size", "8", "word_size", "4", "n_modes", "1");
    DiscreteStates full = states(env, new int[] {9, 3});
    DiscreteStates half = states(env, new int[] {9, -1});

    assertThatThrownBy(() -> env.step(full, Actions.of(5))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("action 5 is masked for state [9, 3] in environment 'bitseq' (row 0 of 1)");
    assertThatThrownBy(() -> env.step(half, Actions.of(16))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exit action 16 cannot be stepped");
    assertThatThrownBy(() -> env.backwardStep(half, Actions.of(8))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backward action 8 is masked for state [9, -1] in environment 'bitseq' (row 0 of 1)");
    assertThatThrownBy(() -> env.step(half, Actions.of(17))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("out of range [0, 16]");
  }

  @Test
  void malformedStatesAndIncompleteRewards_areRejected() {
    BitSequence env = env("seq_size", "8", "word_size", "4", "n_modes", "1");

    assertThatThrownBy(() -> states(env, new int[] {-1, 4}).forwardMasks())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[-1, 4]")
        .hasMessageContaining("position 1 holds 4");
    assertThatThrownBy(() -> states(env, new int[] {16, -1}).forwardMasks())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("words in [0, 15]");
    assertThatThrownBy(() -> env.logReward(states(env, new int[] {9, -1})))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a complete sequence");
  }

  @Test
  void invalidCombinations_areRejectedWithTheKeys() {
    assertThatThrownBy(() -> env("seq_size", "16", "word_size", "3"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("word_size=3 must divide seq_size=16");
    assertThatThrownBy(() -> env("seq_size", "12", "word_size", "4"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seq_size=12");
    assertThatThrownBy(() -> env("seq_size", "8", "n_modes", "6"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n_modes=6");
    assertThatThrownBy(() -> env("temperature", "0"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("temperature=0");
  }

  @Test
  void encode_isTheWordValues() {
    BitSequence env = env("seq_size", "8", "word_size", "4", "n_modes", "1");
    float[] out = new float[4];

    env.encode(states(env, new int[] {9, -1}, new int[] {0, 15}), out);

    assertThat(out).containsExactly(9f, -1f, 0f, 15f);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "seq_size=8,word_size=1,n_modes=2",
      "seq_size=8,word_size=2,n_modes=5,temperature=0.5",
      "seq_size=8,word_size=8,n_modes=3",
      "seq_size=16,word_size=4,n_modes=10,seed=3",
      "seq_size=120,word_size=4,n_modes=60",
      "seq_size=64,word_size=2,n_modes=7"})
  void conformsToTheKit(String settings) {
    Map<String, String> map = new HashMap<>();
    for (String pair : settings.split(",")) {
      map.put(pair.split("=")[0], pair.split("=")[1]);
    }
    BitSequenceProvider provider = new BitSequenceProvider();
    BitSequence env = provider.create(Parameters.parse(BitSequenceProvider.OWNER, provider.parameters(), map));

    EnvironmentConformance.check(env, 11);
  }
}
