package org.gfn4j.envs.hypergrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.gfn4j.envs.hypergrid.HyperGridRewardFixtures.assertFingerprint;
import static org.gfn4j.envs.hypergrid.HyperGridRewardFixtures.assertTable;
import static org.gfn4j.envs.hypergrid.HyperGridRewardFixtures.enumeratedLogZ;
import static org.gfn4j.envs.hypergrid.HyperGridRewardFixtures.grid;
import static org.gfn4j.envs.hypergrid.HyperGridRewardFixtures.reward;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The corrupted family: the demotion and promotion rule worked out by hand, and whole reward tables against torchgfn
 * (commit f39bfc9, PyTorch 2.13.0, float64 default dtype). torchgfn estimates each tier's pass fraction from a sample
 * of PyTorch's unseeded global generator; for the tables its {@code _replacement_rates} were set to the exact
 * fractions, which is what gfn4j uses up to 2^20 states. Above that gfn4j draws torchgfn's 50,000 states as
 * {@code torch.manual_seed(corruption_seed)} would, checked against torchgfn run after that call.
 */
class HyperGridCorruptedRewardTest {
  private static final double TOLERANCE = 1e-12;

  private static CorruptedReward corrupted(HyperGrid grid) {
    return (CorruptedReward) RewardFamily.of(grid.parameters()).create(grid.parameters(),
        HyperGridProvider.PARAMETERS, grid.ndim(), grid.height());
  }

  @Test
  void corruption_demotesAndPromotesEachTierByItsHashes() {
    HyperGrid grid = grid("corrupted", 2, 8, "base", "2", "corruption_rate", "0.5");
    CorruptedReward reward = corrupted(grid);
    TieredReward base = reward.base();
    // each tier of conditional_multiscale base 2 passes on 16 of the 64 states: rho = 0.5 * (1/4) / (3/4) = 1/6
    assertThat(reward.passFractions()).containsExactly(0.25, 0.25, 0.25);

    int[] state = new int[2];
    boolean[] pass = new boolean[3];
    for (int a = 0; a < 8; a++) {
      for (int b = 0; b < 8; b++) {
        state[0] = a;
        state[1] = b;
        base.tierIndicators(state, pass);
        double expected = 0.1;
        double[] weights = {1, 10, 100};
        for (int t = 0; t < 3; t++) {
          boolean kept = pass[t]
              ? !(UniformRandomReward.hash(state, 137 + 2 * t) < 0.5f)
              : UniformRandomReward.hash(state, 137 + 2 * t + 1) < (float) (1.0 / 6);
          if (!kept) {
            break;
          }
          expected += weights[t];
        }
        assertThat(reward(grid, a, b)).as("(%d, %d)", a, b).isCloseTo(expected, within(TOLERANCE));
      }
    }
  }

  @Test
  void defaults_overConditionalMultiscale_matchTorchgfn() {
    // torchgfn: CorruptedReward(base_kwargs={R0: 0.1, base: 2}), corruption 0.2, seed 137, rates 1/15 per tier
    HyperGrid grid = grid("corrupted", 2, 8, "base", "2");

    assertThat(corrupted(grid).passFractions()).containsExactly(0.25, 0.25, 0.25);
    assertTable(grid, """
        111.1  11.1   1.1   1.1   0.1  11.1   0.1   0.1
         11.1   1.1   1.1   0.1   0.1   0.1   0.1   0.1
          1.1   1.1   1.1   1.1   0.1   0.1   0.1   0.1
          1.1   1.1   0.1   1.1   0.1   0.1   0.1   0.1
          0.1   0.1   0.1   0.1   0.1   0.1   0.1   0.1
          0.1   0.1   0.1   0.1   0.1  11.1   0.1   0.1
          0.1   0.1   0.1   0.1   0.1   0.1   0.1   0.1
          0.1   0.1   0.1   0.1   0.1   0.1   0.1   0.1
        """);
    assertThat(grid.closedFormLogPartition()).isEmpty();
    assertThat(enumeratedLogZ(grid)).isCloseTo(5.149817358229592, within(TOLERANCE));
    // conditional_multiscale's adaptive threshold, tier 2: 0.1 + 1 + 10
    assertThat(Math.exp(grid.modeLogRewardThreshold().getAsDouble())).isCloseTo(11.1, within(TOLERANCE));
  }

  @Test
  void otherTieredBases_matchTorchgfn() {
    HyperGrid xor = grid("corrupted", 3, 8, "base_reward", "bitwise_xor", "tier_weights", "1,10", "bits_per_tier",
        "0:0,0:2", "corruption_rate", "0.5", "corruption_seed", "3");
    assertFingerprint(xor, 678.2, 171973.8, "0.1x255, 1.1x220, 11.1x37", 11.1, 37);

    HyperGrid coprime = grid("corrupted", 2, 8, "base_reward", "multiplicative_coprime", "corruption_rate", "0.3");
    assertTable(coprime, """
        111.1  11.1   1.1   0.1   0.1  11.1   0.1   0.1
         11.1   1.1 111.1   0.1   0.1 111.1   0.1   0.1
          1.1   0.1 111.1  11.1 111.1   1.1   0.1   1.1
          0.1   0.1   0.1   0.1   0.1   0.1   0.1   0.1
          0.1   0.1  11.1   0.1   1.1   0.1   0.1   0.1
        111.1  11.1   1.1   0.1   0.1  11.1   0.1   0.1
          0.1   1.1   0.1   0.1   1.1   0.1   0.1   0.1
          1.1   0.1   0.1  11.1   0.1   0.1   0.1   1.1
        """);
    assertThat(enumeratedLogZ(coprime)).isCloseTo(6.648207045774127, within(TOLERANCE));
    assertThat(Math.exp(coprime.modeLogRewardThreshold().getAsDouble())).isCloseTo(111.1, within(TOLERANCE));
  }

  @Test
  void aboveTheExactLimit_passFractionsComeFromTorchgfnsSeededSample() {
    // 3 x 128 = 2,097,152 states; torchgfn after torch.manual_seed(137): rates 0.02788906446933201,
    // 0.02886961257185591, 0.02872303872170048, i.e. 0.2 p / (1 - p) with these p
    HyperGrid grid = grid("corrupted", 3, 128, "base", "2");
    double[] rates = {0.02788906446933201, 0.02886961257185591, 0.02872303872170048};
    double[] fractions = corrupted(grid).passFractions();
    for (int t = 0; t < 3; t++) {
      assertThat(0.2 * fractions[t] / (1 - fractions[t])).isCloseTo(rates[t], within(1e-15));
    }
  }

  @Test
  void zeroCorruption_isTheBaseReward() {
    HyperGrid plain = grid("conditional_multiscale", 2, 8, "base", "2");
    HyperGrid corrupted = grid("corrupted", 2, 8, "base", "2", "corruption_rate", "0");
    assertThat(HyperGridRewardFixtures.rewards(corrupted)).containsExactly(HyperGridRewardFixtures.rewards(plain));
  }

  @Test
  void invalidSettings_areRefused() {
    assertThatThrownBy(() -> HyperGrid.of(Map.of("reward", "corrupted", "base", "2", "corruption_rate", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'hypergrid': corruption_rate=1.0 is invalid; expected a number in [0, 1)");
    assertThatThrownBy(() -> HyperGrid.of(Map.of("reward", "corrupted", "base_reward", "original")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'hypergrid': base_reward=original is invalid; expected one of bitwise_xor, "
            + "multiplicative_coprime, conditional_multiscale");
    assertThatThrownBy(() -> HyperGrid.of(Map.of("reward", "corrupted", "base", "2", "primes", "2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'hypergrid': primes=2 is not read by reward=corrupted with "
            + "base_reward=conditional_multiscale, which takes base_reward, corruption_rate, corruption_seed, r0, "
            + "tier_weights, base, filter_width, seed, filter_shift, active_dims, n_rules, head_seed, "
            + "cross_dim_mods; leave primes out, or choose a reward that reads it (multiplicative_coprime, "
            + "corrupted)");
    assertThatThrownBy(() -> HyperGrid.of(Map.of("reward", "bitwise_xor", "corruption_seed", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("corruption_seed=1 is not read by reward=bitwise_xor")
        .hasMessageEndingWith("(corrupted)");
  }
}
