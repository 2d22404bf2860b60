package org.gfn4j.envs.hypergrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.gfn4j.api.env.DiscreteStates;

/** Grids, rewards and reward tables shared by the reward-family tests. */
final class HyperGridRewardFixtures {
  private HyperGridRewardFixtures() {}

  /** A grid of {@code reward} with {@code ndim}, {@code height} and further {@code key, value} settings. */
  static HyperGrid grid(String reward, int ndim, int height, String... keyValues) {
    Map<String, String> settings = new HashMap<>(Map.of("reward", reward, "ndim", "" + ndim, "height", "" + height));
    for (int i = 0; i < keyValues.length; i += 2) {
      settings.put(keyValues[i], keyValues[i + 1]);
    }
    return HyperGrid.of(settings);
  }

  /** The reward of one state. */
  static double reward(HyperGrid grid, int... state) {
    return Math.exp(grid.logReward(grid.states(1, state))[0]);
  }

  /** Every state's reward, in canonical order (the last coordinate fastest). */
  static double[] rewards(HyperGrid grid) {
    return Arrays.stream(grid.logReward(grid.allStates())).map(Math::exp).toArray();
  }

  /** {@code log sum_s R(s)} by enumeration. */
  static double enumeratedLogZ(HyperGrid grid) {
    double[] values = grid.logReward(grid.allStates());
    double max = Arrays.stream(values).max().orElseThrow();
    return max + Math.log(Arrays.stream(values).map(v -> Math.exp(v - max)).sum());
  }

  /** The number of states at or above the grid's mode threshold. */
  static long modeCount(HyperGrid grid) {
    double threshold = grid.modeLogRewardThreshold().getAsDouble();
    return Arrays.stream(grid.logReward(grid.allStates())).filter(v -> v >= threshold).count();
  }

  /** Asserts every state's reward against a table of whitespace-separated values in canonical order. */
  static void assertTable(HyperGrid grid, String table) {
    double[] expected = Arrays.stream(table.trim().split("\\s+")).mapToDouble(Double::parseDouble).toArray();
    double[] actual = rewards(grid);
    assertThat(actual).hasSameSizeAs(expected);
    DiscreteStates all = grid.allStates();
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).as("%s at %s", grid, all.format(i)).isCloseTo(expected[i], within(1e-12));
    }
  }

  /**
   * Asserts a fingerprint of the reward table (relative tolerance 1e-10: the rewards come back through exp(log R)):
   * {@code sum_i R_i}, {@code sum_i (i + 1) R_i} (canonical order), the
   * count of each reward value ({@code "0.1x256, 1.1x192"}), the mode threshold and the number of modes.
   */
  static void assertFingerprint(HyperGrid grid, double sum, double weighted, String levels, double threshold,
      long modes) {
    double[] values = rewards(grid);
    double s = 0;
    double w = 0;
    Map<Double, Integer> counts = new TreeMap<>();
    for (int i = 0; i < values.length; i++) {
      s += values[i];
      w += (i + 1) * values[i];
      counts.merge(Math.round(values[i] * 1e9) / 1e9, 1, Integer::sum);
    }
    assertThat(s).as("sum of %s", grid).isCloseTo(sum, within(1e-10 * sum));
    assertThat(w).as("weighted sum of %s", grid).isCloseTo(weighted, within(1e-10 * weighted));
    StringBuilder text = new StringBuilder();
    counts.forEach((value, count) -> text.append(text.length() == 0 ? "" : ", ").append(value).append('x')
        .append(count));
    assertThat(text.toString()).as("levels of %s", grid).isEqualTo(levels);
    assertThat(Math.exp(grid.modeLogRewardThreshold().getAsDouble())).isCloseTo(threshold, within(1e-12));
    assertThat(modeCount(grid)).isEqualTo(modes);
  }
}
