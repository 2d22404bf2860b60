package org.gfn4j.envs.bitseq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The modes against torchgfn's construction replayed by hand and by NumPy's independent MT19937
 * ({@code RandomState(seed)._bit_generator.random_raw}, which is seeded by {@code init_genrand} as PyTorch is); the
 * generator itself is tested by {@code org.gfn4j.envs.random.Mt19937Test}.
 */
class ModesTest {
  @Test
  void tiled_seq8Seed0_skipsTheRepeatedDraw() {
    // draws % 5 from seed 0: 4, 4, 3, 0, 3, ... -> blocks H[4] = 00111100, (H[4] again, rejected), H[3] = 00001111
    Modes modes = Modes.tiled(8, 2, 0, "test");

    assertThat(modes.count()).isEqualTo(2);
    assertThat(modes.format(0)).isEqualTo("00111100");
    assertThat(modes.format(1)).isEqualTo("00001111");
    assertThat(Modes.tiled(8, 5, 0, "test").toString())
        .isEqualTo("Modes[00111100, 00001111, 00000000, 11110000, 11111111]");
  }

  @Test
  void tiled_defaults_matchNumpyReplay() {
    Modes modes = Modes.tiled(120, 60, 0, "test");

    assertThat(modes.count()).isEqualTo(60);
    assertThat(modes.format(0)).isEqualTo("00111100001111000000111100000000000011110011110011110000000011111111"
        + "0000000011111111111111111111111111110011110000001111");
    assertThat(modes.format(1)).isEqualTo("11111111111111110000111100111100000011111111111100111100111111110011"
        + "1100001111001111111100111100001111000011110000000000");
    assertThat(modes.format(59)).isEqualTo("00111100111111110011110011110000111100000000111100000000000000000011"
        + "1100001111001111000000001111111100000011110000111100");
  }

  @Test
  void nonAutoregressive_shortSequences_areRandomBits() {
    // seed 0 draws % 2: 0, 1, 1, 0 | 1, 1, 1, 1
    Modes modes = Modes.nonAutoregressive(4, 2, 0, "test");

    assertThat(modes.format(0)).isEqualTo("0110");
    assertThat(modes.format(1)).isEqualTo("1111");
    assertThat(Modes.nonAutoregressive(16, 3, 7, "test").toString())
        .isEqualTo("Modes[0000000011110000, 1111111111111111, 0000111111110000]");
  }

  @Test
  void tiled_rejectsImpossibleSettings() {
    assertThatThrownBy(() -> Modes.tiled(12, 1, 0, "environment 'bitseq'"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seq_size=12")
        .hasMessageContaining("multiple of the motif width 8");
    assertThatThrownBy(() -> Modes.tiled(8, 6, 0, "environment 'bitseq'"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("n_modes=6")
        .hasMessageContaining("exceeds the 5 distinct tilings");
  }

  @Test
  void distanceHistogram_countsBitStringsByNearestMode() {
    // by hand for 0110 and 1111: d=0 {0110, 1111}; d=1 {0010, 0100, 0111, 1011, 1101, 1110};
    // d=2 {0000, 0011, 0101, 1001, 1010, 1100}; d=3 {0001, 1000}
    Modes modes = Modes.of(new int[] {0, 1, 1, 0}, new int[] {1, 1, 1, 1});

    assertThat(modes.distanceHistogram()).containsExactly(2, 6, 6, 2, 0);
  }

  @Test
  void minDistance_readsWordsBitByBit() {
    Modes modes = Modes.of(new int[] {0, 0, 1, 1, 1, 1, 0, 0}, new int[] {0, 0, 0, 0, 1, 1, 1, 1});
    int[][] words = modes.words(2); // 00 11 11 00 -> 0 3 3 0; 00 00 11 11 -> 0 0 3 3

    assertThat(words).isDeepEqualTo(new int[][] {{0, 3, 3, 0}, {0, 0, 3, 3}});
    assertThat(Modes.minDistance(words, new int[] {0, 3, 3, 0}, 0)).isZero();
    assertThat(Modes.minDistance(words, new int[] {2, 0, 0, 0}, 0)).isEqualTo(5); // 10000000: 1 + 4 from either
    assertThat(Modes.minDistance(words, new int[] {0, 0, 3, 0}, 0)).isEqualTo(2); // 00001100
  }
}
