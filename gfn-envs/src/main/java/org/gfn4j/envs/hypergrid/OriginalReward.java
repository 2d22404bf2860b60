package org.gfn4j.envs.hypergrid;

import java.util.OptionalDouble;
import org.gfn4j.api.env.DiscreteStates;

/**
 * torchgfn's "original" HyperGrid reward {@code R = R0 + R1 * prod_d [ax_d > 0.25] + R2 * prod_d [0.3 < ax_d < 0.4]}
 * with {@code ax_d = |s_d / (H-1) - 0.5|}, each comparison moved inwards by 1e-12, and its partition function.
 * Both regions are tabulated per coordinate value, so a state's reward costs {@code D} table look-ups. Matches
 * torchgfn's {@code OriginalReward.__call__} (hypergrid.py), keys {@code R0, R1, R2}, defaults 0.1, 0.5, 2.0; its
 * modes are the states of reward {@code R0 + R1 + R2} ({@code _mode_reward_threshold}).
 */
final class OriginalReward implements GridReward {
  private static final double MARGIN = GridMath.EPS;

  private final int ndim;
  private final int height;
  private final double r0;
  private final double r1;
  private final double r2;
  /** Per coordinate value: whether {@code ax > 0.25}. */
  private final boolean[] outer;
  /** Per coordinate value: whether {@code 0.3 < ax < 0.4}. */
  private final boolean[] band;
  /** log R indexed by {@code (allOuter ? 1 : 0) | (allBand ? 2 : 0)}. */
  private final double[] logRewardTable;

  /**
   * @throws IllegalArgumentException if a reward is negative or not finite, if every state would have reward 0,
   *     or if {@code r0 + r1 + r2} overflows
   */
  OriginalReward(int ndim, int height, double r0, double r1, double r2) {
    this.ndim = ndim;
    this.height = height;
    this.r0 = checkReward(HyperGridProvider.R0, r0);
    this.r1 = checkReward(HyperGridProvider.R1, r1);
    this.r2 = checkReward(HyperGridProvider.R2, r2);
    this.outer = new boolean[height];
    this.band = new boolean[height];
    for (int v = 0; v < height; v++) {
      double ax = GridMath.ax(v, height);
      outer[v] = ax > 0.25 + MARGIN;
      band[v] = ax > 0.3 + MARGIN && ax < 0.4 - MARGIN;
    }
    this.logRewardTable = new double[] {
        Math.log(r0), Math.log(r0 + r1), Math.log(r0 + r2), Math.log(r0 + r1 + r2)};
    checkCombination();
  }

  double r0() {
    return r0;
  }

  double r1() {
    return r1;
  }

  double r2() {
    return r2;
  }

  @Override
  public double logReward(DiscreteStates states, int row) {
    boolean allOuter = true;
    boolean allBand = true;
    for (int d = 0; d < ndim; d++) {
      int v = states.get(row, d);
      allOuter &= outer[v];
      allBand &= band[v];
    }
    return logRewardTable[(allOuter ? 1 : 0) | (allBand ? 2 : 0)];
  }

  /** {@code log(R0 * H^D + R1 * o^D + R2 * b^D)}, computed in log space so that it cannot overflow. */
  double logPartition() {
    return GridMath.logSumExp(GridMath.logTerm(r0, height, ndim), GridMath.logTerm(r1, count(outer), ndim),
        GridMath.logTerm(r2, count(band), ndim));
  }

  /** The closed form {@link #logPartition}, for grids of any size. */
  @Override
  public OptionalDouble closedFormLogPartition() {
    return OptionalDouble.of(logPartition());
  }

  @Override
  public String describe() {
    return "reward=original, r0=" + r0 + ", r1=" + r1 + ", r2=" + r2;
  }

  private static double checkReward(String key, double value) {
    return GridMath.checkReward(HyperGridProvider.OWNER, key, value);
  }

  private void checkCombination() {
    String owner = HyperGridProvider.OWNER;
    if (r0 == 0 && r1 == 0 && r2 == 0) {
      throw new IllegalArgumentException(owner + ": r0, r1 and r2 are all 0; at least one must be positive");
    }
    if (r0 == 0 && r1 == 0 && count(band) == 0) {
      throw new IllegalArgumentException(owner + ": every state has reward 0 with r0=0 and r1=0, because no value"
          + " of height=" + height + " lies in the r2 band 0.3 < ax < 0.4; make r0 or r1 positive");
    }
    if (!Double.isFinite(logRewardTable[3])) {
      throw new IllegalArgumentException(owner + ": r0 + r1 + r2 = " + (r0 + r1 + r2) + " is not finite");
    }
  }

  private static int count(boolean[] flags) {
    return GridMath.count(flags);
  }

  /** The highest log-reward the reward gives, {@code log(r0 + r1 + r2)}: its modes'. */
  @Override
  public double maxLogReward() {
    return logRewardTable[3];
  }
}
