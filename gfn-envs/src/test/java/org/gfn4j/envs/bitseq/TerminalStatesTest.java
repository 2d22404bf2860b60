package org.gfn4j.envs.bitseq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.gfn4j.api.env.DiscreteStates;
import org.junit.jupiter.api.Test;

/** {@code sampleTerminalStates} of both bit-sequence environments: complete sequences, uniform over all of them. */
class TerminalStatesTest {
  private static final Map<String, String> SMALL = Map.of("seq_size", "8", "word_size", "4", "n_modes", "2");

  private static void checkUniformCompleteSequences(AbstractBitSequence env) {
    int n = 25_600;
    DiscreteStates drawn = env.sampleTerminalStates(n, new SplittableRandom(8)).orElseThrow();
    assertThat(drawn.size()).isEqualTo(n);
    long[] counts = new long[256]; // 2^seq_size sequences of two 4-bit words
    for (int row = 0; row < n; row++) {
      int[] words = drawn.row(row);
      assertThat(Arrays.stream(words)).allSatisfy(w -> assertThat(w).isBetween(0, 15));
      assertThat(drawn.forwardMasks().isAllowed(row, env.exitAction())).isTrue();
      counts[words[0] * 16 + words[1]]++;
    }
    double expected = n / 256.0;
    double chiSquare = Arrays.stream(counts).mapToDouble(c -> (c - expected) * (c - expected) / expected).sum();
    assertThat(chiSquare).as("chi-square with 255 degrees of freedom, %s", Arrays.toString(counts))
        .isLessThan(330.5); // its 0.999 quantile
    assertThat(Arrays.stream(env.logReward(drawn))).allSatisfy(value -> assertThat(value).isFinite());
    assertThat(env.sampleTerminalStates(n, new SplittableRandom(8)).orElseThrow().toArray())
        .isEqualTo(drawn.toArray());
  }

  @Test
  void bitSequence_drawsCompleteSequencesUniformly() {
    checkUniformCompleteSequences(BitSequence.of(SMALL));
  }

  @Test
  void nonAutoregressiveBitSequence_drawsCompleteSequencesUniformly() {
    checkUniformCompleteSequences(NonAutoregressiveBitSequence.of(SMALL));
  }

  @Test
  void sequencesTooManyToEnumerate_areDrawnToo() {
    Map<String, String> large = Map.of("seq_size", "64", "word_size", "8");
    for (AbstractBitSequence env : List.of(BitSequence.of(large), NonAutoregressiveBitSequence.of(large))) {
      DiscreteStates drawn = env.sampleTerminalStates(32, new SplittableRandom(3)).orElseThrow();
      assertThat(env.isEnumerable()).isFalse();
      assertThat(Arrays.stream(drawn.toArray())).hasSize(32 * env.wordsPerSeq())
          .allSatisfy(w -> assertThat(w).isNotNegative());
      assertThat(env.logReward(drawn)).hasSize(32);
    }
  }
}
