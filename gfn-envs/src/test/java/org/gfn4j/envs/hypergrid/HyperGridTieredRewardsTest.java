package org.gfn4j.envs.hypergrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.gfn4j.envs.hypergrid.HyperGridRewardFixtures.assertFingerprint;
import static org.gfn4j.envs.hypergrid.HyperGridRewardFixtures.assertTable;
import static org.gfn4j.envs.hypergrid.HyperGridRewardFixtures.enumeratedLogZ;
import static org.gfn4j.envs.hypergrid.HyperGridRewardFixtures.grid;
import static org.gfn4j.envs.hypergrid.HyperGridRewardFixtures.modeCount;
import static org.gfn4j.envs.hypergrid.HyperGridRewardFixtures.reward;

import java.util.Map;
import org.gfn4j.testkit.EnvironmentConformance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The tiered compositional families bitwise_xor, multiplicative_coprime and conditional_multiscale: rewards worked
 * out by hand from torchgfn's definitions (hypergrid.py, {@code BitwiseXORReward}, {@code MultiplicativeCoprimeReward},
 * {@code ConditionalMultiScaleReward}), whole reward tables, fingerprints of larger ones, mode thresholds and log Z
 * against torchgfn itself (the tables, sums and thresholds were printed by torchgfn at commit f39bfc9 with PyTorch
 * 2.13.0, float64 default dtype, {@code HyperGrid(..., validate_modes=False)}; the K-rule cases exercise its seeded
 * selectors, heads, rule targets and shift coefficients), validation messages and the conformance kit.
 */
class HyperGridTieredRewardsTest {
  private static final double TOLERANCE = 1e-12;

  // ---- bitwise_xor -----------------------------------------------------------------------------------------

  @Test
  void bitwiseXor_defaults_rewardTheDiagonal() {
    // H = 8: B = 3 bits, every tier's range capped to 0:2; even parity of each bit-plane over 2 dims: x0 == x1
    HyperGrid grid = grid("bitwise_xor", 2, 8);

    assertThat(reward(grid, 3, 3)).isCloseTo(0.1 + 1 + 10 + 100, within(TOLERANCE));
    assertThat(reward(grid, 3, 5)).isCloseTo(0.1, within(TOLERANCE)); // 011 vs 101: bit-planes 1 and 2 odd
    assertThat(reward(grid, 7, 7)).isCloseTo(111.1, within(TOLERANCE));
    assertTable(grid, """
        111.1   0.1   0.1   0.1   0.1   0.1   0.1   0.1
          0.1 111.1   0.1   0.1   0.1   0.1   0.1   0.1
          0.1   0.1 111.1   0.1   0.1   0.1   0.1   0.1
          0.1   0.1   0.1 111.1   0.1   0.1   0.1   0.1
          0.1   0.1   0.1   0.1 111.1   0.1   0.1   0.1
          0.1   0.1   0.1   0.1   0.1 111.1   0.1   0.1
          0.1   0.1   0.1   0.1   0.1   0.1 111.1   0.1
          0.1   0.1   0.1   0.1   0.1   0.1   0.1 111.1
        """);
    assertThat(grid.closedFormLogPartition()).hasValueCloseTo(Math.log(8 * 111.1 + 56 * 0.1), within(TOLERANCE))
        .hasValueCloseTo(6.796153102400835, within(TOLERANCE)); // torchgfn
    assertThat(Math.exp(grid.modeLogRewardThreshold().getAsDouble())).isCloseTo(111.1, within(TOLERANCE));
    assertThat(modeCount(grid)).isEqualTo(8);
  }

  @Test
  void bitwiseXor_customParityChecks_emptyTiersAndUnconstrainedDims() {
    // dims 0 and 2, B = 2. Tier 0 (plane 0): x0 + x2 odd in bit 0; tier 1 (planes 0, 1): even parity, so x0 == x2,
    // which tier 0 excludes; tier 2: range 1:3 capped to 1:1 with no checks, passes alone but never cumulatively
    HyperGrid grid = grid("bitwise_xor", 3, 4, "r0", "0.5", "tier_weights", "1,4,16", "dims_constrained", "0,2",
        "bits_per_tier", "0:0,0:1,1:3", "parity_checks", "11=1;even;empty");

    assertThat(reward(grid, 0, 3, 1)).isCloseTo(1.5, within(TOLERANCE));
    assertThat(reward(grid, 2, 0, 2)).isCloseTo(0.5, within(TOLERANCE));
    assertThat(reward(grid, 3, 1, 2)).isCloseTo(1.5, within(TOLERANCE));
    assertTable(grid, """
        0.5 1.5 0.5 1.5   0.5 1.5 0.5 1.5   0.5 1.5 0.5 1.5   0.5 1.5 0.5 1.5
        1.5 0.5 1.5 0.5   1.5 0.5 1.5 0.5   1.5 0.5 1.5 0.5   1.5 0.5 1.5 0.5
        0.5 1.5 0.5 1.5   0.5 1.5 0.5 1.5   0.5 1.5 0.5 1.5   0.5 1.5 0.5 1.5
        1.5 0.5 1.5 0.5   1.5 0.5 1.5 0.5   1.5 0.5 1.5 0.5   1.5 0.5 1.5 0.5
        """);
    assertThat(grid.closedFormLogPartition()).hasValueCloseTo(4.1588830833596715, within(TOLERANCE));
    assertThat(Math.exp(grid.modeLogRewardThreshold().getAsDouble())).isCloseTo(21.5, within(TOLERANCE));
  }

  @Test
  void bitwiseXor_kRules_matchTorchgfnsSelectorAndHeads() {
    // 3 rules: 2 selector rows (seed 2025), one head check per plane (seed 2025 + 1000003), head_weight 1000
    HyperGrid grid = grid("bitwise_xor", 3, 8, "tier_weights", "1,10", "bits_per_tier", "0:0,0:2", "n_rules", "3",
        "head_check_count", "1", "head_seed", "2025", "head_weight", "1000");

    assertFingerprint(grid, 8947.199999999997, 558956.8, "0.1x256, 1.1x192, 11.1x56, 1011.1x8", 1011.1, 8);
    assertThat(grid.closedFormLogPartition()).hasValueCloseTo(9.099095913159381, within(TOLERANCE));
    assertThat(enumeratedLogZ(grid)).isCloseTo(9.099095913159381, within(TOLERANCE));
  }

  @Test
  void bitwiseXor_closedFormOnlyForPowersOfTwo() {
    HyperGrid odd = grid("bitwise_xor", 2, 6); // B = 3 but only 6 of the 8 bit patterns are coordinates
    assertThat(odd.closedFormLogPartition()).isEmpty();
    HyperGrid wide = grid("bitwise_xor", 3, 16, "n_rules", "4", "head_check_count", "2", "head_seed", "1",
        "head_weight", "5", "bits_per_tier", "0:1,1:3,0:3");
    assertThat(wide.closedFormLogPartition()).hasValueCloseTo(enumeratedLogZ(wide), within(1e-10));
    HyperGrid large = grid("bitwise_xor", 32, 1024);
    assertThat(large.closedFormLogPartition().getAsDouble()).isFinite();
  }

  // ---- multiplicative_coprime -----------------------------------------------------------------------------

  @Test
  void multiplicativeCoprime_defaults_rewardSquareFreeProductsOfTwoThreeFive() {
    // H = 8: each cap is lowered to min(floor(log 8 / log p)) = 1, so x = s + 1 must be 1, 2, 3, 5 or 6
    HyperGrid grid = grid("multiplicative_coprime", 2, 8);

    assertThat(reward(grid, 0, 0)).isCloseTo(111.1, within(TOLERANCE)); // x = (1, 1)
    assertThat(reward(grid, 5, 4)).isCloseTo(111.1, within(TOLERANCE)); // x = (6, 5)
    assertThat(reward(grid, 3, 0)).isCloseTo(0.1, within(TOLERANCE)); // x = 4 = 2^2, above the cap
    assertThat(reward(grid, 6, 1)).isCloseTo(0.1, within(TOLERANCE)); // x = 7, not an allowed prime
    assertTable(grid, """
        111.1 111.1 111.1   0.1 111.1 111.1   0.1   0.1
        111.1 111.1 111.1   0.1 111.1 111.1   0.1   0.1
        111.1 111.1 111.1   0.1 111.1 111.1   0.1   0.1
          0.1   0.1   0.1   0.1   0.1   0.1   0.1   0.1
        111.1 111.1 111.1   0.1 111.1 111.1   0.1   0.1
        111.1 111.1 111.1   0.1 111.1 111.1   0.1   0.1
          0.1   0.1   0.1   0.1   0.1   0.1   0.1   0.1
          0.1   0.1   0.1   0.1   0.1   0.1   0.1   0.1
        """);
    assertThat(grid.closedFormLogPartition()).isEmpty();
    assertThat(enumeratedLogZ(grid)).isCloseTo(Math.log(25 * 111.1 + 39 * 0.1), within(TOLERANCE))
        .isCloseTo(7.9307096770445105, within(TOLERANCE));
    assertThat(modeCount(grid)).isEqualTo(25);
  }

  @Test
  void multiplicativeCoprime_coprimePairsAndLcmTargets() {
    // primes up to 11 kept (13 > H), caps all 1 (11 <= 12); active dims 0 and 2; tier 1 adds coprimality of the pair
    // and LCM 6: the largest exponents of 2 and 3 are 1, of 5, 7, 11 zero
    HyperGrid grid = grid("multiplicative_coprime", 3, 12, "r0", "0.2", "primes", "2,3,5,7,11,13",
        "exponent_caps", "3,2,1", "active_dims", "0,2", "coprime_pairs", "0:1", "coprime_start_tier", "1",
        "target_lcms", "none,6,none");

    assertThat(reward(grid, 1, 7, 2)).isCloseTo(111.2, within(TOLERANCE)); // x = (2, 3): coprime, LCM 6
    assertThat(reward(grid, 5, 0, 0)).isCloseTo(111.2, within(TOLERANCE)); // x = (6, 1): coprime, LCM 6
    assertThat(reward(grid, 1, 4, 0)).isCloseTo(1.2, within(TOLERANCE)); // x = (2, 1): LCM 2, tier 1 fails
    assertThat(reward(grid, 5, 3, 2)).isCloseTo(1.2, within(TOLERANCE)); // x = (6, 3): both divisible by 3
    assertThat(reward(grid, 3, 0, 0)).isCloseTo(0.2, within(TOLERANCE)); // x = (4, 1): 2^2 above the cap 1
    assertFingerprint(grid, 6393.5999999999985, 2750227.1999999997, "0.2x960, 1.2x720, 111.2x48", 111.2, 48);
  }

  @Test
  void multiplicativeCoprime_autoTargetAtTheTopTier() {
    // caps 3,2,1 lowered to 2,2,1 (floor(log 16 / log 3) = 2); top tier: LCM auto = 2^1 3^1 = 6
    HyperGrid grid = grid("multiplicative_coprime", 3, 16, "primes", "2,3", "exponent_caps", "3,2,1",
        "target_lcms", "none,none,auto");

    assertThat(reward(grid, 1, 2, 0)).isCloseTo(111.1, within(TOLERANCE)); // x = (2, 3, 1)
    assertThat(reward(grid, 3, 2, 0)).isCloseTo(11.1, within(TOLERANCE)); // x = (4, 3, 1): 2^2 above the top cap
    assertFingerprint(grid, 9082.599999999999, 8428948.6, "0.1x3753, 11.1x294, 111.1x49", 111.1, 49);
  }

  @Test
  void multiplicativeCoprime_kRules_drawTorchgfnsRuleTargets() {
    // 4 rules from head_seed 5: randperm over the 2^2 exponent tuples gives LCMs 36, 12, 6, 18; rule (x0 + x1) mod 4
    HyperGrid grid = grid("multiplicative_coprime", 2, 12, "tier_weights", "1,10", "primes", "2,3",
        "exponent_caps", "2,2", "n_rules", "4", "head_seed", "5");

    assertThat(reward(grid, 0, 11)).isCloseTo(11.1, within(TOLERANCE)); // x = (1, 12), rule 1: lcm 12
    assertThat(reward(grid, 1, 8)).isCloseTo(11.1, within(TOLERANCE)); // x = (2, 9), rule 3: lcm 18
    assertThat(reward(grid, 5, 5)).isCloseTo(1.1, within(TOLERANCE)); // x = (6, 6), rule 0 wants 36
    assertTable(grid, """
         1.1  1.1  1.1  1.1  0.1  1.1  0.1  0.1  1.1  0.1  0.1 11.1
         1.1  1.1  1.1  1.1  0.1  1.1  0.1  0.1 11.1  0.1  0.1  1.1
         1.1  1.1  1.1  1.1  0.1  1.1  0.1  0.1  1.1  0.1  0.1  1.1
         1.1  1.1  1.1  1.1  0.1  1.1  0.1  0.1  1.1  0.1  0.1  1.1
         0.1  0.1  0.1  0.1  0.1  0.1  0.1  0.1  0.1  0.1  0.1  0.1
         1.1  1.1  1.1  1.1  0.1  1.1  0.1  0.1 11.1  0.1  0.1  1.1
         0.1  0.1  0.1  0.1  0.1  0.1  0.1  0.1  0.1  0.1  0.1  0.1
         0.1  0.1  0.1  0.1  0.1  0.1  0.1  0.1  0.1  0.1  0.1  0.1
         1.1 11.1  1.1  1.1  0.1 11.1  0.1  0.1  1.1  0.1  0.1  1.1
         0.1  0.1  0.1  0.1  0.1  0.1  0.1  0.1  0.1  0.1  0.1  0.1
         0.1  0.1  0.1  0.1  0.1  0.1  0.1  0.1  0.1  0.1  0.1  0.1
        11.1  1.1  1.1  1.1  0.1  1.1  0.1  0.1  1.1  0.1  0.1  1.1
        """);
    assertThat(enumeratedLogZ(grid)).isCloseTo(4.8154311114712876, within(TOLERANCE));
    assertThat(modeCount(grid)).isEqualTo(6);
  }

  @Test
  void multiplicativeCoprime_capsFollowTorchgfnsFloatingPointLogarithm() {
    // floor(log 243 / log 3) is 4 in floating point (4.999...), as torchgfn computes it; with primes 3 and 243
    // coordinates, x = 243 = 3^5 fails the cap even though 3^5 <= 243. torchgfn printed no other such (H, p) below 1025
    HyperGrid grid = grid("multiplicative_coprime", 1, 243, "primes", "3", "tier_weights", "1",
        "exponent_caps", "9");
    assertThat(reward(grid, 80)).isCloseTo(1.1, within(TOLERANCE)); // x = 81 = 3^4
    assertThat(reward(grid, 242)).isCloseTo(0.1, within(TOLERANCE)); // x = 243 = 3^5
  }

  // ---- conditional_multiscale -----------------------------------------------------------------------------

  @Test
  void conditionalMultiscale_base2_onThe2x8Grid() {
    // L = 3 binary digits, f = 1, seed 42 gives a_{1,0} = 0 and a_{2,0}, a_{2,1} = 1, 0: tier 0 needs the top bit
    // 0 in both coordinates, tier 1 the middle bit 0, tier 2 (bit 0 + top bit) even, so bit 0 also 0
    HyperGrid grid = grid("conditional_multiscale", 2, 8, "base", "2");

    assertThat(reward(grid, 0, 0)).isCloseTo(111.1, within(TOLERANCE));
    assertThat(reward(grid, 1, 0)).isCloseTo(11.1, within(TOLERANCE)); // bit 0 of 1 fails tier 2
    assertThat(reward(grid, 2, 1)).isCloseTo(1.1, within(TOLERANCE)); // middle bit of 2 fails tier 1
    assertThat(reward(grid, 0, 4)).isCloseTo(0.1, within(TOLERANCE)); // top bit of 4 fails tier 0
    assertTable(grid, """
        111.1  11.1   1.1   1.1   0.1   0.1   0.1   0.1
         11.1  11.1   1.1   1.1   0.1   0.1   0.1   0.1
          1.1   1.1   1.1   1.1   0.1   0.1   0.1   0.1
          1.1   1.1   1.1   1.1   0.1   0.1   0.1   0.1
          0.1   0.1   0.1   0.1   0.1   0.1   0.1   0.1
          0.1   0.1   0.1   0.1   0.1   0.1   0.1   0.1
          0.1   0.1   0.1   0.1   0.1   0.1   0.1   0.1
          0.1   0.1   0.1   0.1   0.1   0.1   0.1   0.1
        """);
    // Z = 111.1 + 3 x 11.1 + 12 x 1.1 + 48 x 0.1 = 162.4
    assertThat(grid.closedFormLogPartition()).hasValueCloseTo(Math.log(162.4), within(TOLERANCE))
        .hasValueCloseTo(5.090062427727577, within(TOLERANCE));
    // the adaptive mode tier: (1/2)^(1 * 2) = 0.25, (1/2)^(2 * 2) = 0.0625 < 0.1, so tier 2: R >= 0.1 + 1 + 10
    assertThat(Math.exp(grid.modeLogRewardThreshold().getAsDouble())).isCloseTo(11.1, within(TOLERANCE));
    assertThat(modeCount(grid)).isEqualTo(4);
  }

  @Test
  void conditionalMultiscale_kRulesFilterShiftsAndCrossDimModuli() {
    HyperGrid rules = grid("conditional_multiscale", 3, 16, "tier_weights", "1,10", "filter_shift", "1,3",
        "cross_dim_mods", "none,2", "n_rules", "2", "head_seed", "9");
    assertFingerprint(rules, 1241.6, 2543417.6, "0.1x3584, 1.1x480, 11.1x32", 11.1, 32);
    assertThat(rules.closedFormLogPartition()).hasValueCloseTo(7.124156149428954, within(TOLERANCE));
    assertThat(enumeratedLogZ(rules)).isCloseTo(7.124156149428954, within(TOLERANCE));

    HyperGrid cross = grid("conditional_multiscale", 4, 16, "r0", "0.01", "tier_weights", "1,10", "active_dims",
        "1,2,3", "cross_dim_mods", "2,2", "seed", "3");
    assertFingerprint(cross, 7311.359999999993, 232313948.16000003, "0.01x61440, 1.01x3840, 11.01x256", 11.01, 256);
    assertThat(cross.closedFormLogPartition()).hasValueCloseTo(8.897184581950945, within(TOLERANCE));
  }

  @Test
  void conditionalMultiscale_closedFormNeedsModuliDividingTheBase() {
    // B = 6, f = 3, m = 3: the passing digits {(-shift) .. (2 - shift)} mod 6 are not uniform mod 3 after a wrap
    HyperGrid grid = grid("conditional_multiscale", 2, 36, "base", "6", "filter_width", "3", "tier_weights", "1,10",
        "cross_dim_mods", "3,3");
    assertThat(grid.closedFormLogPartition()).hasValueCloseTo(enumeratedLogZ(grid), within(1e-10));
    HyperGrid wrapping = grid("conditional_multiscale", 2, 16, "filter_width", "3", "tier_weights", "1,10",
        "cross_dim_mods", "none,3", "seed", "5");
    assertThat(wrapping.closedFormLogPartition()).isEmpty();
    assertThat(grid("conditional_multiscale", 32, 1024).closedFormLogPartition().getAsDouble()).isFinite();
  }

  // ---- validation ------------------------------------------------------------------------------------------

  @Test
  void listParameters_areValidatedNamingKeyValueAndExpectation() {
    assertRefused(Map.of("reward", "bitwise_xor", "tier_weights", "1,-2"), "tier_weights=1,-2 is invalid; "
        + "expected finite numbers >= 0 separated by commas, such as 1,10,100");
    assertRefused(Map.of("reward", "bitwise_xor", "bits_per_tier", "0:5,0:7"), "bits_per_tier=0:5,0:7 has 2 "
        + "entries; expected 3, one per tier (tier_weights has 3)");
    assertRefused(Map.of("reward", "bitwise_xor", "dims_constrained", "0,0"), "dims_constrained=0,0 is invalid; "
        + "expected distinct dimensions in [0, 1] separated by commas, such as 0,1");
    assertRefused(Map.of("reward", "bitwise_xor", "parity_checks", "101=1;even;even"), "parity_checks=101=1;even;"
        + "even is invalid; expected per tier, separated by ';', 'even', 'empty' or checks of 2 coefficients 0/1 and "
        + "a target, such as 11=0, separated by ','");
    assertRefused(Map.of("reward", "bitwise_xor", "n_rules", "2"), "reward=bitwise_xor with n_rules=2 and "
        + "head_check_count=0 needs head_seed; give head_seed=INTEGER");
    assertRefused(Map.of("reward", "bitwise_xor", "head_weight", "3"), "head_weight=3.0 needs head_check_count > "
        + "0; with head_check_count=0 the head always passes");
    assertRefused(Map.of("reward", "bitwise_xor", "head_check_count", "3", "head_seed", "1"), "head_check_count=3 "
        + "exceeds the 2 constrained dimensions; expected at most 2");
    assertRefused(Map.of("reward", "multiplicative_coprime", "primes", "2,4"), "primes=2,4 is invalid; expected "
        + "distinct primes separated by commas, such as 2,3,5");
    assertRefused(Map.of("reward", "multiplicative_coprime", "primes", "11,13"), "primes=11,13 has no prime <= "
        + "height=8 (the largest shifted coordinate); expected at least one");
    assertRefused(Map.of("reward", "multiplicative_coprime", "target_lcms", "none,auto"), "target_lcms=none,auto "
        + "has 2 entries; expected 3, one per tier (tier_weights has 3)");
    assertRefused(Map.of("reward", "multiplicative_coprime", "coprime_pairs", "0:2"), "coprime_pairs=0:2 is "
        + "invalid; expected pairs i:j of active-dimension indices in [0, 1] separated by commas, such as 0:1,1:2");
    assertRefused(Map.of("reward", "multiplicative_coprime", "n_rules", "2"), "reward=multiplicative_coprime with "
        + "n_rules=2 needs head_seed; give head_seed=INTEGER");
    assertRefused(Map.of("reward", "multiplicative_coprime", "tier_weights", "1", "primes", "2,3", "rule_targets",
        "10"), "rule_targets=10: rule 0's target 10 has a prime outside primes=[2, 3]");
    assertRefused(Map.of("reward", "conditional_multiscale"), "reward=conditional_multiscale needs height to be a "
        + "power of base, but height=8 is not a power of base=4");
    assertRefused(Map.of("reward", "conditional_multiscale", "base", "8"), "tier_weights=1,10,100 has 3 tiers, but "
        + "height=8 has only 1 digit levels in base=8; expected at most 1 tiers");
    assertRefused(Map.of("reward", "conditional_multiscale", "base", "2", "filter_width", "3"), "filter_width=3 is "
        + "invalid; expected an integer in [1, 2] (base=2)");
    assertRefused(Map.of("reward", "conditional_multiscale", "height", "16", "cross_dim_mods", "none,3,none",
        "tier_weights", "1,10,100"), "height=16 has only 2 digit levels");
    assertRefused(Map.of("reward", "conditional_multiscale", "height", "16", "tier_weights", "1,10",
        "cross_dim_mods", "none,3"), "cross_dim_mods=none,3 is invalid; expected per tier none or an integer >= 2 "
        + "dividing filter_width=2, separated by commas, such as none,2,2");
    assertRefused(Map.of("reward", "conditional_multiscale", "height", "16", "tier_weights", "1,10", "n_rules", "5"),
        "n_rules=5 exceeds the 4 trunk-passing patterns (filter_width^d = 2^2); some rules could not be reached");
  }

  @Test
  void keysOfAnotherFamily_areRefusedNamingWhoReadsThem() {
    assertRefused(Map.of("reward", "bitwise_xor", "primes", "2,3"), "primes=2,3 is not read by reward=bitwise_xor, "
        + "which takes r0, tier_weights, dims_constrained, bits_per_tier, parity_checks, n_rules, head_check_count, "
        + "head_seed, head_weight, head_bit_range; leave primes out, or choose a reward that reads it "
        + "(multiplicative_coprime, corrupted)");
    assertRefused(Map.of("reward", "original", "tier_weights", "1"), "tier_weights=1 is not read by "
        + "reward=original, which takes r0, r1, r2; leave tier_weights out, or choose a reward that reads it "
        + "(bitwise_xor, multiplicative_coprime, conditional_multiscale, corrupted)");
    assertRefused(Map.of("reward", "conditional_multiscale", "height", "16", "r1", "2"), "r1=2.0 is not read by "
        + "reward=conditional_multiscale");
  }

  private static void assertRefused(Map<String, String> settings, String message) {
    assertThatThrownBy(() -> HyperGrid.of(settings)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("environment 'hypergrid': ").hasMessageContaining(message);
  }

  // ---- conformance -----------------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0} {1}x{2} {3}")
  @CsvSource(delimiter = '|', value = {
      "bitwise_xor|2|8|", "bitwise_xor|3|5|n_rules=2 head_check_count=1 head_seed=3 head_weight=7",
      "multiplicative_coprime|2|8|", "multiplicative_coprime|3|6|coprime_pairs=0:1,1:2 target_lcms=none,none,auto",
      "conditional_multiscale|2|8|base=2", "conditional_multiscale|3|4|tier_weights=1 n_rules=2 head_seed=4",
      "corrupted|2|8|base=2", "corrupted|3|4|base_reward=bitwise_xor corruption_rate=0.5"})
  void family_passesTheConformanceKit(String reward, int ndim, int height, String options) {
    String[] keyValues = options == null ? new String[0] : options.replace('=', ' ').split(" ");
    HyperGrid grid = grid(reward, ndim, height, keyValues);

    EnvironmentConformance.check(grid, 20_261_210L);
  }
}
