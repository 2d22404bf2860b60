package org.gfn4j.envs.hypergrid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.param.Parameters;
import org.junit.jupiter.api.Test;

/** {@link HyperGrid#sampleTerminalStates}: points uniform over the whole grid, from the generator given. */
class HyperGridTerminalStatesTest {
  @Test
  void draws_areUniformOverEveryCell_byAChiSquareTest() {
    HyperGrid grid = HyperGrid.of(Map.of("ndim", "2", "height", "3"));
    int n = 9_000;
    DiscreteStates drawn = grid.sampleTerminalStates(n, new SplittableRandom(4)).orElseThrow();
    assertThat(drawn.size()).isEqualTo(n);
    long[] counts = new long[grid.stateCount()];
    for (int row = 0; row < n; row++) {
      counts[grid.indexOf(drawn, row)]++;
      assertThat(drawn.forwardMasks().isAllowed(row, grid.exitAction())).isTrue();
    }
    double expected = (double) n / counts.length;
    double chiSquare = Arrays.stream(counts).mapToDouble(c -> (c - expected) * (c - expected) / expected).sum();
    assertThat(chiSquare).as("chi-square with 8 degrees of freedom, %s", Arrays.toString(counts))
        .isLessThan(26.12); // its 0.999 quantile
    assertThat(Arrays.stream(grid.logReward(drawn))).allSatisfy(value -> assertThat(value).isFinite());
  }

  @Test
  void draws_onAHugeGrid_spreadOverIt_andRepeatFromTheSameSeed() {
    HyperGrid grid = HyperGrid.of(Map.of("ndim", "5", "height", "1000"));
    DiscreteStates drawn = grid.sampleTerminalStates(64, new SplittableRandom(11)).orElseThrow();
    int[] values = drawn.toArray();
    assertThat(Arrays.stream(values)).allSatisfy(v -> assertThat(v).isBetween(0, 999));
    // each coordinate uniform on 0..999: mean 499.5, standard deviation 288.7, so 320 values give 499.5 +- 16
    assertThat(Arrays.stream(values).average().orElseThrow()).isCloseTo(499.5, within(65.0));
    assertThat(grid.sampleTerminalStates(64, new SplittableRandom(11)).orElseThrow().toArray()).isEqualTo(values);
    assertThat(grid.sampleTerminalStates(64, new SplittableRandom(12)).orElseThrow().toArray())
        .isNotEqualTo(values);
    assertThat(grid.sampleTerminalStates(0, new SplittableRandom(11)).orElseThrow().size()).isZero();
    assertThatThrownBy(() -> grid.sampleTerminalStates(-1, new SplittableRandom(11)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot draw -1 terminal states");
  }

  @Test
  void theConditionalGrid_drawsNone_asItsRewardsNeedACondition() {
    ConditionalHyperGridProvider provider = new ConditionalHyperGridProvider();
    HyperGrid grid = provider.create(Parameters.parse("environment 'conditional-hypergrid'", provider.parameters(),
        Map.of("ndim", "2", "height", "8")));
    assertThat(grid.sampleTerminalStates(4, new SplittableRandom(1))).isEmpty();
  }
}
