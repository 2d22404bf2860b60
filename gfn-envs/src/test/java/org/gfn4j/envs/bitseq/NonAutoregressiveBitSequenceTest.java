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
import org.gfn4j.testkit.EnvironmentConformance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NonAutoregressiveBitSequenceTest {
  private static final double TOLERANCE = 1e-12;

  private static NonAutoregressiveBitSequence env(String settings) {
    Map<String, String> map = new HashMap<>();
    for (String pair : settings.isEmpty() ? new String[0] : settings.split(",")) {
      map.put(pair.split("=")[0], pair.split("=")[1]);
    }
    return NonAutoregressiveBitSequence.of(map);
  }

  private static DiscreteStates states(NonAutoregressiveBitSequence env, int[]... rows) {
    return env.states(rows.length, Arrays.stream(rows).flatMapToInt(Arrays::stream).toArray());
  }

  @Test
  void defaults_areTorchgfns() {
    NonAutoregressiveBitSequence env = env("");

    assertThat(env.wordSize()).isEqualTo(1);
    assertThat(env.seqSize()).isEqualTo(4);
    assertThat(env.rewardExponent()).isEqualTo(2.0);
    assertThat(env.modes().toString()).isEqualTo("Modes[0110, 1111]"); // seed 0's first draws % 2
    assertThat(env.actionCount()).isEqualTo(9); // 4 positions * 2 words + exit, torchgfn's docstring example
    assertThat(env.stateCount()).isEqualTo(81);
  }

  @Test
  void logReward_isMinusExponentTimesDistanceOverSeqSize() {
    NonAutoregressiveBitSequence env = env(""); // modes 0110, 1111; log R = -2 d / 4

    double[] logR = env.logReward(states(env,
        new int[] {1, 1, 1, 1}, new int[] {0, 0, 1, 0}, new int[] {0, 0, 0, 0}, new int[] {1, 0, 0, 0}));

    assertThat(logR).containsExactly(new double[] {0, -0.5, -1, -1.5}, within(TOLERANCE));
  }

  @Test
  void logPartition_byHand() {
    // histogram of the nearest distance to 0110 / 1111 over the 16 strings: 2, 6, 6, 2 (see ModesTest)
    NonAutoregressiveBitSequence env = env("");
    double expected = Math.log(2 + 6 * Math.exp(-0.5) + 6 * Math.exp(-1) + 2 * Math.exp(-1.5));

    assertThat(env.closedFormLogPartition()).hasValueCloseTo(expected, within(TOLERANCE));
    DiscreteStates all = env.allStates();
    int[] complete = IntStream.range(0, all.size())
        .filter(row -> all.forwardMasks().isAllowed(row, env.exitAction())).toArray();
    assertThat(complete).hasSize(16);
    double[] logR = env.logReward(all.select(complete));
    assertThat(LogSumExp.of(logR)).isCloseTo(expected, within(TOLERANCE));
  }

  @Test
  void masks_fillAnyFreePosition_andClearAnyFilledOne() {
    NonAutoregressiveBitSequence env = env("seq_size=8,word_size=2,n_modes=1"); // 4 positions, 4 words
    DiscreteStates s = env.step(env.initialStates(1), Actions.of(env.action(2, 3)));
    s = env.step(s, Actions.of(env.action(0, 1)));

    assertThat(s.row(0)).containsExactly(1, -1, 3, -1);
    assertThat(s.forwardMasks().countAllowed(0)).isEqualTo(8); // positions 1 and 3, four words each
    assertThat(s.forwardMasks().isAllowed(0, env.action(1, 0))).isTrue();
    assertThat(s.forwardMasks().isAllowed(0, env.action(2, 0))).isFalse();
    assertThat(s.forwardMasks().isAllowed(0, env.exitAction())).isFalse();
    assertThat(s.backwardMasks().countAllowed(0)).isEqualTo(2); // two parents: a DAG
    assertThat(s.backwardMasks().isAllowed(0, env.action(0, 1))).isTrue();
    assertThat(s.backwardMasks().isAllowed(0, env.action(2, 3))).isTrue();
    assertThat(env.backwardStep(s, Actions.of(env.action(0, 1))).row(0)).containsExactly(-1, -1, 3, -1);
    assertThat(env.backwardActions(s, Actions.of(5), s)).isEqualTo(Actions.of(5)); // backward a undoes forward a
  }

  @Test
  void invalidActions_areRejected_namingStateRowAndAction() {
    NonAutoregressiveBitSequence env = env("seq_size=8,word_size=2,n_modes=1");
    DiscreteStates s = states(env, new int[] {1, -1, 3, -1});

    assertThatThrownBy(() -> env.step(s, Actions.of(env.action(2, 0)))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("action 8 is masked for state [1, -1, 3, -1] in environment 'bitseq-nonauto' (row 0 of 1)");
    assertThatThrownBy(() -> env.backwardStep(s, Actions.of(env.action(2, 2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backward action 10 is masked for state [1, -1, 3, -1] in environment 'bitseq-nonauto'"
            + " (row 0 of 1)");
    assertThatThrownBy(() -> env.step(s, Actions.of(16))).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exit action 16 cannot be stepped");
    assertThatThrownBy(() -> env.logReward(s)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unfilled position 1");
    assertThatThrownBy(() -> env.action(4, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no action writes word 0 at position 4");
  }

  @Test
  void invalidCombinations_areRejectedWithTheKeys() {
    assertThatThrownBy(() -> env("seq_size=12,word_size=1")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("seq_size=12");
    assertThatThrownBy(() -> env("seq_size=6,word_size=4")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("word_size=4 must divide seq_size=6");
    assertThat(env("seq_size=6,word_size=3,n_modes=9").modes().count()).isEqualTo(9); // random bits, repeats allowed
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "defaults",
      "seq_size=8,word_size=2,n_modes=4",
      "seq_size=8,word_size=1,n_modes=3,reward_exponent=5",
      "seq_size=16,word_size=4,n_modes=20,seed=5",
      "seq_size=24,word_size=1,n_modes=2"})
  void conformsToTheKit(String settings) {
    EnvironmentConformance.check(env(settings.equals("defaults") ? "" : settings), 13);
  }
}
