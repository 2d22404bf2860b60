package org.gfn4j.envs.random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The Mersenne Twister against reference outputs (the C++ standard's check, NumPy's {@code RandomState(0)}, which is
 * seeded by {@code init_genrand} as PyTorch is), and its {@code randint} and {@code randperm} against PyTorch 2.13.0's
 * CPU generator ({@code torch.Generator().manual_seed(s)}; the numbers were printed by that PyTorch).
 */
class Mt19937Test {
  @Test
  void matchesReferenceOutputs() {
    Mt19937 standard = new Mt19937(5489);
    assertThat(standard.nextUnsigned()).isEqualTo(3499211612L);
    for (int i = 2; i < 10_000; i++) {
      standard.nextUnsigned();
    }
    assertThat(standard.nextUnsigned()).isEqualTo(4123659995L); // the C++ standard's check of mt19937

    Mt19937 zero = new Mt19937(0); // NumPy RandomState(0): 2357136044, 2546248239, 3071714933, 3626093760, ...
    assertThat(IntStream.range(0, 4).mapToLong(i -> zero.nextUnsigned()).toArray())
        .containsExactly(2357136044L, 2546248239L, 3071714933L, 3626093760L);
  }

  @Test
  void randintAndRandperm_matchPyTorch() {
    Mt19937 five = new Mt19937(5); // torch.randint(0, 2, (3, 5), generator=g), row-major
    assertThat(IntStream.range(0, 15).map(i -> five.nextBelow(2)).toArray())
        .containsExactly(1, 0, 1, 1, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0);
    Mt19937 seed2025 = new Mt19937(2025); // torch.randint(0, 4, (8,), generator=g)
    assertThat(IntStream.range(0, 8).map(i -> seed2025.nextBelow(4)).toArray())
        .containsExactly(2, 2, 2, 2, 0, 0, 3, 3);
    assertThat(new Mt19937(5).permutation(10)).containsExactly(1, 4, 9, 6, 3, 5, 0, 2, 8, 7);
    assertThat(new Mt19937(123).permutation(4)).containsExactly(2, 0, 1, 3);
    assertThat(new Mt19937(7).permutation(1000)).startsWith(615, 284, 599, 580, 347, 92, 383, 891, 452, 41);
  }

  @Test
  void nextBelow_rejectsRangesOutsideTorchsSmallRangePath() {
    assertThatThrownBy(() -> new Mt19937(1).nextBelow(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("range must be in [1, 2^28), got 0");
    assertThatThrownBy(() -> new Mt19937(1).permutation(-1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("n must be in [0, 214748364), got -1");
    assertThat(new Mt19937(1).permutation(0)).isEmpty();
    assertThat(new Mt19937(1).permutation(1)).containsExactly(0);
  }
}
