package org.gfn4j.envs.ebm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.gfn4j.api.math.LogSumExp;
import org.junit.jupiter.api.Test;

/** "ising": the lattice couplings of torchgfn's train_ising.py against hand-built matrices, rewards and log Z. */
class DiscreteEbmIsingTest {
  private static final double TOLERANCE = 1e-12;

  private static DiscreteEbm ising(int side, double coupling) {
    return IsingProvider.of(Map.of("l", "" + side, "j", "" + coupling));
  }

  @Test
  void defaults_areTorchgfnExampleSettings() {
    DiscreteEbm env = IsingProvider.of(Map.of());

    assertThat(env.name()).isEqualTo("ising");
    assertThat(env.ndim()).isEqualTo(36);
    assertThat(env.actionCount()).isEqualTo(73);
    assertThat(env.alpha()).isEqualTo(1.0);
    assertThat(env.energy().matrix()[0][1]).isEqualTo(0.44);
    assertThat(env.isEnumerable()).isFalse();
    assertThat(env.closedFormLogPartition()).isEmpty();
  }

  @Test
  void couplings_side2_areTheFourCycleOnce() {
    // sites (row, column): 0 (0,0), 1 (0,1), 2 (1,0), 3 (1,1); the wrapped bonds coincide with the direct ones
    double j = 0.5;
    double[][] expected = {
        {0, j, j, 0},
        {j, 0, 0, j},
        {j, 0, 0, j},
        {0, j, j, 0}};

    assertThat(ising(2, j).energy().matrix()).isDeepEqualTo(expected);
  }

  @Test
  void couplings_side3_areTheTorusWithFourNeighboursEach() {
    double[][] expected = {
        // 0  1  2  3  4  5  6  7  8
        {0, 1, 1, 1, 0, 0, 1, 0, 0}, // 0 (0,0): 1, 2, 3, 6
        {1, 0, 1, 0, 1, 0, 0, 1, 0}, // 1 (0,1): 0, 2, 4, 7
        {1, 1, 0, 0, 0, 1, 0, 0, 1}, // 2 (0,2): 0, 1, 5, 8
        {1, 0, 0, 0, 1, 1, 1, 0, 0}, // 3 (1,0): 0, 4, 5, 6
        {0, 1, 0, 1, 0, 1, 0, 1, 0}, // 4 (1,1): 1, 3, 5, 7
        {0, 0, 1, 1, 1, 0, 0, 0, 1}, // 5 (1,2): 2, 3, 4, 8
        {1, 0, 0, 1, 0, 0, 0, 1, 1}, // 6 (2,0): 0, 3, 7, 8
        {0, 1, 0, 0, 1, 0, 1, 0, 1}, // 7 (2,1): 1, 4, 6, 8
        {0, 0, 1, 0, 0, 1, 1, 1, 0}}; // 8 (2,2): 2, 5, 6, 7

    assertThat(ising(3, 1).energy().matrix()).isDeepEqualTo(expected);
    assertThat(ising(3, -2).energy().matrix()[4][7]).isEqualTo(-2.0);
  }

  @Test
  void couplings_matchTorchgfnMakeJ_forEverySide() {
    for (int side = 2; side <= 7; side++) {
      assertThat(IsingEnergy.periodicLattice(side, 0.44).matrix()).as("L = %d", side)
          .isDeepEqualTo(torchgfnMakeJ(side, 0.44));
    }
  }

  /** A line-by-line transcription of make_J in torchgfn's tutorials/examples/train_ising.py. */
  private static double[][] torchgfnMakeJ(int side, double coupling) {
    int n = side * side;
    double[][] matrix = new double[n][n];
    for (int k = 0; k < n; k++) {
      for (int m = 0; m < k; m++) {
        int x1 = k / side;
        int y1 = k - x1 * side;
        int x2 = m / side;
        int y2 = m - x2 * side;
        if ((x1 == x2 && Math.abs(y2 - y1) == 1) || (y1 == y2 && Math.abs(x2 - x1) == 1)) {
          matrix[k][m] = 1;
          matrix[m][k] = 1;
        }
      }
    }
    for (int k = 0; k < side; k++) {
      matrix[k * side][(k + 1) * side - 1] = 1;
      matrix[(k + 1) * side - 1][k * side] = 1;
      matrix[k][k + n - side] = 1;
      matrix[k + n - side][k] = 1;
    }
    for (double[] row : matrix) {
      for (int i = 0; i < n; i++) {
        row[i] *= coupling;
      }
    }
    return matrix;
  }

  @Test
  void logReward_side2_countsEachBondTwice() {
    DiscreteEbm env = ising(2, 0.44); // log R = x^T J x = 2 J (x0 x1 + x2 x3 + x0 x2 + x1 x3)

    double[] logReward = env.logReward(env.states(4, new int[] {
        1, 1, 1, 1,
        1, 0, 0, 1, // checkerboard: every bond disagrees
        1, 1, 0, 0, // two bonds agree, two disagree
        1, 0, 0, 0}));

    assertThat(logReward).containsExactly(new double[] {3.52, -3.52, 0, 0}, within(TOLERANCE));
  }

  @Test
  void logPartition_side2_byHand() {
    // On the 4-cycle an even number of bonds disagree: 0 (2 states), 2 (12 states), 4 (2 states).
    double expected = Math.log(2 * Math.exp(8 * 0.44) + 12 + 2 * Math.exp(-8 * 0.44));
    DiscreteEbm env = ising(2, 0.44);

    assertThat(env.logPartition()).isCloseTo(expected, within(TOLERANCE));
    assertThat(LogSumExp.of(env.logReward(env.terminalStates()))).isCloseTo(expected, within(TOLERANCE));
  }

  @Test
  void logReward_side3_allAlignedAndOneFlipped() {
    DiscreteEbm env = ising(3, 1); // 18 bonds; flipping one spin breaks its 4 bonds

    double[] logReward = env.logReward(env.states(2, new int[] {
        0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 1, 0, 0, 0, 0}));

    assertThat(logReward).containsExactly(36.0, 20.0);
  }

  @Test
  void enumeration_side3Only_butLogZBy2PowDStatesUpToSide4() {
    assertThat(ising(3, 0.44).stateCount()).isEqualTo(19_683);
    DiscreteEbm four = ising(4, 0.44);

    assertThatThrownBy(four::stateCount).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ndim is 16");
    assertThat(four.logPartition()).isFinite().isGreaterThan(16 * Math.log(2));
    assertThatThrownBy(() -> ising(5, 0.44).logPartition()).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("2^25");
  }
}
