package org.gfn4j.envs.hypergrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.testkit.EnvironmentConformance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The reward families beside "original" (the tiered ones have {@link HyperGridTieredRewardsTest} and
 * {@link HyperGridCorruptedRewardTest}): rewards of hand-picked states against torchgfn's formulas (hypergrid.py,
 * {@code CosineReward}, {@code SparseReward}, {@code DeceptiveReward}, {@code UniformRandomReward}; the expected
 * values were computed with a float64 NumPy transcription of those formulas), log Z in closed form and by
 * enumeration, mode thresholds, validation messages, and the conformance kit.
 */
class HyperGridRewardsTest {
  private static final double TOLERANCE = 1e-12;

  private static HyperGrid grid(String reward, int ndim, int height, String... keyValues) {
    Map<String, String> settings = new HashMap<>(Map.of("reward", reward, "ndim", "" + ndim, "height", "" + height));
    for (int i = 0; i < keyValues.length; i += 2) {
      settings.put(keyValues[i], keyValues[i + 1]);
    }
    return HyperGrid.of(settings);
  }

  private static double reward(HyperGrid grid, int... state) {
    return Math.exp(grid.logReward(grid.states(1, state))[0]);
  }

  private static double enumeratedLogZ(HyperGrid grid) {
    double[] values = grid.logReward(grid.allStates());
    double max = Arrays.stream(values).max().orElseThrow();
    return max + Math.log(Arrays.stream(values).map(v -> Math.exp(v - max)).sum());
  }

  private static List<String> statesWithLogRewardAtLeast(HyperGrid grid, double threshold) {
    DiscreteStates all = grid.allStates();
    double[] values = grid.logReward(all);
    List<String> found = new ArrayList<>();
    for (int i = 0; i < values.length; i++) {
      if (values[i] >= threshold) {
        found.add(all.format(i));
      }
    }
    return found;
  }

  /** torchgfn's per-coordinate cosine factor {@code (cos(50 ax) + 1) * phi(5 ax)}. */
  private static double cosineFactor(int v, int height) {
    double ax = Math.abs((double) v / (height - 1) - 0.5);
    return (Math.cos(50 * ax) + 1) * Math.exp(-12.5 * ax * ax) / Math.sqrt(2 * Math.PI);
  }

  // ---- the default is unchanged ----------------------------------------------------------------------------

  @Test
  void defaultReward_isOriginal_withTheSameRewardsAndLogZ() {
    HyperGrid grid = HyperGrid.of(Map.of());

    assertThat(grid.reward()).isEqualTo("original");
    assertThat(grid.parameters().asStrings()).containsEntry("reward", "original").containsEntry("seed", "42");
    assertThat(grid.closedFormLogPartition()).hasValueCloseTo(3.109061, within(1e-6));
    assertThat(reward(grid, 1, 6)).isCloseTo(2.6, within(TOLERANCE));
    assertThat(grid.toString())
        .isEqualTo("HyperGrid[ndim=2, height=8, reward=original, r0=0.1, r1=0.5, r2=2.0, encoding=khot]");
  }

  // ---- cosine ----------------------------------------------------------------------------------------------

  @Test
  void cosine_rewardsMatchTorchgfnFormula() {
    HyperGrid grid = grid("cosine", 2, 8); // r0 = 0.1, r1 = 0.5

    // (0, 0): ax = 0.5 in both coordinates, f = (cos 25 + 1) phi(2.5) = 0.0349024...
    double corner = (Math.cos(25) + 1) * Math.exp(-3.125) / Math.sqrt(2 * Math.PI);
    assertThat(reward(grid, 0, 0)).isCloseTo(0.1 + 0.5 * corner * corner, within(TOLERANCE))
        .isCloseTo(0.10060908880580932, within(TOLERANCE));
    assertThat(reward(grid, 2, 5)).isCloseTo(0.1131765196890649, within(TOLERANCE));
    assertThat(reward(grid, 3, 4)).isCloseTo(0.10057963193551715, within(TOLERANCE));
    assertThat(reward(grid, 1, 6)).isCloseTo(0.10784726549023559, within(TOLERANCE));
    assertThat(reward(grid, 1, 6)).isCloseTo(0.1 + 0.5 * cosineFactor(1, 8) * cosineFactor(6, 8), within(TOLERANCE));
  }

  @Test
  void cosine_logZ_closedFormMatchesEnumerationAndNumpy() {
    HyperGrid grid = grid("cosine", 2, 8);

    assertThat(grid.closedFormLogPartition()).hasValueCloseTo(1.8952597012897192, within(TOLERANCE));
    assertThat(enumeratedLogZ(grid)).isCloseTo(1.8952597012897192, within(TOLERANCE));
    HyperGrid larger = grid("cosine", 3, 11, "r0", "0.01", "r1", "2");
    assertThat(larger.closedFormLogPartition()).hasValueCloseTo(enumeratedLogZ(larger), within(1e-10));
  }

  @Test
  void cosine_modeThresholdIsTorchgfns_andCoarseGridsHaveNoMode() {
    HyperGrid grid = grid("cosine", 2, 8);
    double peak = 2 / Math.sqrt(2 * Math.PI);

    // R0 + (gamma * 2/sqrt(2 pi))^D * R1 = 0.1 + (0.8 * 0.7979)^2 * 0.5 = 0.30372, above the best state's 0.11318
    assertThat(Math.exp(grid.modeLogRewardThreshold().getAsDouble()))
        .isCloseTo(0.1 + Math.pow(0.8 * peak, 2) * 0.5, within(TOLERANCE))
        .isCloseTo(0.30371832715762614, within(TOLERANCE));
    assertThat(statesWithLogRewardAtLeast(grid, grid.modeLogRewardThreshold().getAsDouble())).isEmpty();
    assertThat(Math.exp(((CosineReward) rewardOf(grid)).maxLogReward()))
        .isCloseTo(0.1131765196890649, within(TOLERANCE));
    // a fine grid resolves the central peak: H = 101 has ax = 0 at v = 50, f = 2 phi(0)
    HyperGrid fine = grid("cosine", 2, 101, "mode_gamma", "0.9");
    assertThat(statesWithLogRewardAtLeast(fine, fine.modeLogRewardThreshold().getAsDouble())).contains("[50, 50]");
  }

  // ---- sparse ----------------------------------------------------------------------------------------------

  @Test
  void sparse_targetsArePermutationsOfOnesAndHeightMinusTwo_withFewerThanDOnes() {
    assertThat(statesWithLogRewardAtLeast(grid("sparse", 2, 8), Math.log(0.5)))
        .containsExactly("[1, 6]", "[6, 1]", "[6, 6]");
    assertThat(statesWithLogRewardAtLeast(grid("sparse", 3, 5), Math.log(0.5)))
        .containsExactly("[1, 1, 3]", "[1, 3, 1]", "[1, 3, 3]", "[3, 1, 1]", "[3, 1, 3]", "[3, 3, 1]", "[3, 3, 3]");
    assertThat(statesWithLogRewardAtLeast(grid("sparse", 3, 3), Math.log(0.5))).containsExactly("[1, 1, 1]");
    assertThat(statesWithLogRewardAtLeast(grid("sparse", 2, 2), Math.log(0.5)))
        .containsExactly("[0, 0]", "[0, 1]", "[1, 0]");
    HyperGrid grid = grid("sparse", 2, 8);
    assertThat(reward(grid, 6, 6)).isCloseTo(1 + 1e-12, within(1e-15));
    assertThat(reward(grid, 1, 1)).isCloseTo(1e-12, within(1e-24));
    assertThat(reward(grid, 0, 0)).isCloseTo(1e-12, within(1e-24));
  }

  @ParameterizedTest(name = "{0}x{1}: {2} targets")
  @CsvSource({"2, 8, 3", "3, 5, 7", "3, 3, 1", "2, 2, 3", "1, 4, 1", "4, 6, 15"})
  void sparse_logZ_isTargetsPlusEpsilonPerState(int ndim, int height, int targets) {
    HyperGrid grid = grid("sparse", ndim, height);
    double cells = Math.pow(height, ndim);
    double expected = Math.log(targets * (1 + 1e-12) + (cells - targets) * 1e-12);

    assertThat(grid.closedFormLogPartition()).hasValueCloseTo(expected, within(TOLERANCE));
    assertThat(enumeratedLogZ(grid)).isCloseTo(expected, within(TOLERANCE));
    assertThat(grid.modeLogRewardThreshold()).hasValueCloseTo(Math.log(0.5), within(TOLERANCE));
  }

  // ---- deceptive -------------------------------------------------------------------------------------------

  @Test
  void deceptive_rewardsMatchTorchgfnFormula() {
    HyperGrid grid = grid("deceptive", 2, 8); // r0 = 0.1, r1 = 0.5, r2 = 2; centre {3, 4}, band {1, 6}

    assertThat(reward(grid, 0, 0)).isCloseTo(0.1, within(TOLERANCE)); // R0 + R1 - R1
    assertThat(reward(grid, 3, 3)).isCloseTo(0.6, within(TOLERANCE)); // R0 + R1: a coordinate in the centre
    assertThat(reward(grid, 3, 0)).isCloseTo(0.6, within(TOLERANCE));
    assertThat(reward(grid, 1, 6)).isCloseTo(2.1, within(TOLERANCE)); // R0 + R1 - R1 + R2: the band
    assertThat(reward(grid, 1, 1)).isCloseTo(2.1, within(TOLERANCE));
    assertThat(reward(grid, 6, 2)).isCloseTo(0.1, within(TOLERANCE));
    HyperGrid classDefaults = grid("deceptive", 2, 8, "r0", "1e-5", "r1", "0.1");
    assertThat(reward(classDefaults, 4, 7)).isCloseTo(0.10001, within(TOLERANCE));
    assertThat(reward(classDefaults, 6, 1)).isCloseTo(2.00001, within(TOLERANCE));
    assertThat(reward(classDefaults, 7, 7)).isCloseTo(1e-5, within(TOLERANCE));
  }

  @Test
  void deceptive_logZ_andModes() {
    HyperGrid grid = grid("deceptive", 2, 8);

    // 4 band states x 2.1 + 28 centre states x 0.6 + 32 others x 0.1 = 28.4
    assertThat(grid.closedFormLogPartition()).hasValueCloseTo(Math.log(28.4), within(TOLERANCE));
    assertThat(enumeratedLogZ(grid)).isCloseTo(3.3463891451671612, within(TOLERANCE));
    assertThat(grid("deceptive", 2, 8, "r0", "1e-5", "r1", "0.1").closedFormLogPartition())
        .hasValueCloseTo(2.379605391633672, within(TOLERANCE));
    assertThat(grid.modeLogRewardThreshold()).hasValueCloseTo(Math.log(2.1), within(TOLERANCE));
    assertThat(statesWithLogRewardAtLeast(grid, grid.modeLogRewardThreshold().getAsDouble()))
        .containsExactly("[1, 1]", "[1, 6]", "[6, 1]", "[6, 6]");
    HyperGrid odd = grid("deceptive", 3, 11, "r1", "3");
    assertThat(odd.closedFormLogPartition()).hasValueCloseTo(enumeratedLogZ(odd), within(1e-10));
    assertThat(Math.exp(rewardOf(odd).maxLogReward())).isCloseTo(3.1, within(TOLERANCE)); // the centre wins
  }

  // ---- uniform_random --------------------------------------------------------------------------------------

  @Test
  void uniformRandom_modesFollowTorchgfnsHash() {
    HyperGrid grid = grid("uniform_random", 2, 8, "mode_prob", "0.1"); // seed 42
    UniformRandomReward reward = (UniformRandomReward) rewardOf(grid);

    assertThat(reward.hash(grid.states(1, new int[] {0, 0}), 0)).isEqualTo(0.007342980708926916f);
    assertThat(reward.hash(grid.states(1, new int[] {1, 2}), 0)).isEqualTo(0.6967581510543823f);
    assertThat(reward.hash(grid.states(1, new int[] {7, 7}), 0)).isEqualTo(0.8865167498588562f);
    assertThat(statesWithLogRewardAtLeast(grid, grid.modeLogRewardThreshold().getAsDouble()))
        .containsExactly("[0, 0]", "[1, 7]", "[3, 2]", "[4, 1]", "[5, 4]", "[6, 7]");
    assertThat(reward(grid, 3, 2)).isCloseTo(2.1, within(TOLERANCE));
    assertThat(reward(grid, 1, 2)).isCloseTo(0.1, within(TOLERANCE));
    assertThat(statesWithLogRewardAtLeast(grid("uniform_random", 2, 8, "seed", "7", "mode_prob", "0.05"),
        Math.log(2.1))).containsExactly("[4, 3]", "[4, 7]");
    assertThat(statesWithLogRewardAtLeast(grid("uniform_random", 4, 8), Math.log(2.1))).hasSize(40);
  }

  @Test
  void uniformRandom_hasNoClosedForm_andItsLogZIsEnumerated() {
    HyperGrid grid = grid("uniform_random", 2, 8, "mode_prob", "0.1");

    assertThat(grid.closedFormLogPartition()).isEmpty();
    assertThat(enumeratedLogZ(grid)).isCloseTo(Math.log(64 * 0.1 + 6 * 2.0), within(TOLERANCE))
        .isCloseTo(2.91235066461494, within(TOLERANCE));
    assertThat(grid.modeLogRewardThreshold()).hasValueCloseTo(Math.log(2.1), within(TOLERANCE));
  }

  // ---- closed forms at the largest grid --------------------------------------------------------------------

  @Test
  void closedForms_areFiniteBeyondEnumeration() {
    for (String reward : new String[] {"cosine", "sparse", "deceptive"}) {
      HyperGrid grid = grid(reward, 32, 1024);
      assertThat(grid.closedFormLogPartition().getAsDouble()).as(reward).isFinite();
    }
    // sparse: 1e-12 on almost every one of 1024^32 states
    assertThat(grid("sparse", 32, 1024).closedFormLogPartition())
        .hasValueCloseTo(32 * Math.log(1024) + Math.log(1e-12), within(1e-9));
  }

  // ---- validation ------------------------------------------------------------------------------------------

  @Test
  void unknownReward_isRejectedWithTheAcceptedFamilies() {
    assertThatThrownBy(() -> HyperGrid.of(Map.of("reward", "fractal")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'hypergrid': reward=fractal is invalid; expected one of original, cosine, "
            + "sparse, deceptive, uniform_random, bitwise_xor, multiplicative_coprime, conditional_multiscale, "
            + "corrupted");
  }

  @Test
  void keyTheFamilyDoesNotRead_isRejectedNamingTheKeyAndWhoReadsIt() {
    assertThatThrownBy(() -> HyperGrid.of(Map.of("mode_gamma", "0.9")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'hypergrid': mode_gamma=0.9 is not read by reward=original, which takes r0, r1, "
            + "r2; leave mode_gamma out, or choose a reward that reads it (cosine)");
    assertThatThrownBy(() -> HyperGrid.of(Map.of("reward", "cosine", "r2", "3")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'hypergrid': r2=3.0 is not read by reward=cosine, which takes r0, r1, mode_gamma; "
            + "leave r2 out, or choose a reward that reads it (original, deceptive)");
    assertThatThrownBy(() -> HyperGrid.of(Map.of("reward", "sparse", "r0", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'hypergrid': r0=1.0 is not read by reward=sparse, which takes no reward "
            + "parameters; leave r0 out, or choose a reward that reads it (original, cosine, deceptive, "
            + "uniform_random, bitwise_xor, multiplicative_coprime, conditional_multiscale, corrupted)");
    assertThatThrownBy(() -> HyperGrid.of(Map.of("reward", "deceptive", "seed", "3")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("seed=3 is not read by reward=deceptive")
        .hasMessageContaining("(uniform_random, conditional_multiscale, corrupted)");
    // a key given at its default value is accepted, whichever the family
    assertThat(HyperGrid.of(Map.of("reward", "sparse", "r0", "0.1", "mode_prob", "0.01")).reward())
        .isEqualTo("sparse");
  }

  @Test
  void outOfRangeFamilyParameters_areRejectedWithTheAcceptedValues() {
    assertThatThrownBy(() -> HyperGrid.of(Map.of("reward", "uniform_random", "mode_prob", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'hypergrid': mode_prob=1.0 is invalid; expected a number in (0, 1)");
    assertThatThrownBy(() -> HyperGrid.of(Map.of("reward", "uniform_random", "mode_prob", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'hypergrid': mode_prob=0 is invalid; expected a number in (0, 1]");
    assertThatThrownBy(() -> HyperGrid.of(Map.of("reward", "uniform_random", "r_mode", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'hypergrid': r_mode=0 is invalid; expected a number in (0, inf]");
    assertThatThrownBy(() -> HyperGrid.of(Map.of("reward", "uniform_random", "r_mode", "inf")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'hypergrid': r_mode=Infinity is invalid; expected a finite number >= 0");
    assertThatThrownBy(() -> HyperGrid.of(Map.of("reward", "cosine", "mode_gamma", "1.5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'hypergrid': mode_gamma=1.5 is invalid; expected a number in [0, 1]");
  }

  @Test
  void familiesWhereEveryRewardIsZero_areRejected() {
    assertThatThrownBy(() -> HyperGrid.of(Map.of("reward", "cosine", "r0", "0", "r1", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'hypergrid': reward=cosine with r0=0 and r1=0 gives every state reward 0; make r0 "
            + "or r1 positive");
    // height 2: every coordinate has ax = 0.5, outside the centre and the band, so R = R0
    assertThatThrownBy(() -> HyperGrid.of(Map.of("reward", "deceptive", "height", "2", "r0", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'hypergrid': reward=deceptive with r0=0.0, r1=0.5, r2=2.0 gives every state of "
            + "height=2 reward 0; make r0 positive");
  }

  @Test
  void conditionalGrid_acceptsOnlyTheOriginalReward() {
    ConditionalHyperGridProvider provider = new ConditionalHyperGridProvider();
    String owner = "environment 'conditional-hypergrid'";

    assertThatThrownBy(() -> provider.create(Parameters.parse(owner, provider.parameters(),
        Map.of("reward", "cosine"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'conditional-hypergrid': reward=cosine is not supported; the conditional grid "
            + "mixes the uniform reward with the original one, so it accepts only reward=original");
    assertThat(provider.create(Parameters.parse(owner, provider.parameters(), Map.of("reward", "original")))
        .conditionDim()).isEqualTo(1);
  }

  // ---- conformance -----------------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0} {1}x{2}")
  @CsvSource({
      "cosine, 2, 8", "cosine, 3, 5",
      "sparse, 2, 8", "sparse, 3, 4",
      "deceptive, 2, 8", "deceptive, 3, 5",
      "uniform_random, 2, 8", "uniform_random, 3, 5"})
  void family_passesTheConformanceKit(String reward, int ndim, int height) {
    HyperGrid grid = grid(reward, ndim, height);

    EnvironmentConformance.check(grid, 20_261_210L); // enumerable: log Z in closed form checked against the sum
  }

  private static GridReward rewardOf(HyperGrid grid) {
    return RewardFamily.of(grid.parameters()).create(grid.parameters(), HyperGridProvider.PARAMETERS, grid.ndim(),
        grid.height());
  }
}
