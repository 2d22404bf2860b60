package org.gfn4j.envs.hypergrid;

import java.util.OptionalDouble;
import org.gfn4j.api.env.DiscreteStates;

/**
 * torchgfn's "cosine" HyperGrid reward {@code R = R0 + R1 * prod_d f(ax_d)}, with {@code ax_d = |s_d / (H-1) - 0.5|}
 * and {@code f(ax) = (cos(50 ax) + 1) * phi(5 ax)}, {@code phi} the standard normal density (torchgfn's
 * {@code CosineReward.__call__}; keys {@code R0, R1}, defaults 0.1, 0.5). Since the reward is a product over
 * coordinates, {@code Z = R0 H^D + R1 (sum_v f(v))^D} in closed form.
 *
 * <p>Modes follow torchgfn's {@code _mode_reward_threshold}: {@code R >= R0 + (gamma * 2 / sqrt(2 pi))^D * R1} with
 * {@code gamma = mode_gamma} (default 0.8), a fraction of the continuous per-coordinate peak {@code f(0)}. Coarse
 * grids may have no state that reaches it (on 2x8 the best per-coordinate factor is about 0.16, against
 * {@code 0.8 * 0.798}); torchgfn then refuses the grid unless {@code validate_modes=False}, gfn4j builds it and
 * simply finds no modes by that threshold.
 */
final class CosineReward implements GridReward {
  private static final double PEAK = 2.0 / Math.sqrt(2 * Math.PI);

  private final int ndim;
  private final double r0;
  private final double r1;
  private final double modeGamma;
  /** Per coordinate value: {@code f(ax)}. */
  private final double[] factor;
  private final double logFactorSum;
  private final double logFactorMax;

  /** @throws IllegalArgumentException if a reward is negative or not finite, or if every state has reward 0 */
  CosineReward(String owner, int ndim, int height, double r0, double r1, double modeGamma) {
    this.ndim = ndim;
    this.r0 = GridMath.checkReward(owner, HyperGridProvider.R0, r0);
    this.r1 = GridMath.checkReward(owner, HyperGridProvider.R1, r1);
    this.modeGamma = modeGamma;
    this.factor = new double[height];
    double sum = 0;
    double max = 0;
    for (int v = 0; v < height; v++) {
      double ax = GridMath.ax(v, height);
      double pdf = Math.exp(-(5 * ax) * (5 * ax) / 2) / Math.sqrt(2 * Math.PI);
      factor[v] = (Math.cos(50 * ax) + 1) * pdf;
      sum += factor[v];
      max = Math.max(max, factor[v]);
    }
    this.logFactorSum = Math.log(sum);
    this.logFactorMax = Math.log(max);
    if (r0 == 0 && r1 == 0) {
      throw new IllegalArgumentException(owner + ": reward=cosine with r0=0 and r1=0 gives every state reward 0; "
          + "make r0 or r1 positive");
    }
  }

  @Override
  public double logReward(DiscreteStates states, int row) {
    double product = 1;
    for (int d = 0; d < ndim; d++) {
      product *= factor[states.get(row, d)];
    }
    return Math.log(r0 + r1 * product);
  }

  /** {@code log(R0 + R1 * (max_v f(v))^D)}: every factor is non-negative, so the best value in each coordinate. */
  @Override
  public double maxLogReward() {
    return GridMath.logSumExp(Math.log(r0), GridMath.logTerm(r1, Math.exp(logFactorMax), ndim));
  }

  /** {@code log(R0 + (mode_gamma * 2 / sqrt(2 pi))^D * R1)}, torchgfn's threshold. */
  @Override
  public double modeLogRewardThreshold() {
    return Math.log(r0 + Math.pow(modeGamma * PEAK, ndim) * r1);
  }

  /** {@code log(R0 H^D + R1 (sum_v f(v))^D)}, in log space. */
  @Override
  public OptionalDouble closedFormLogPartition() {
    return OptionalDouble.of(GridMath.logSumExp(GridMath.logTerm(r0, factor.length, ndim),
        r1 == 0 ? Double.NEGATIVE_INFINITY : Math.log(r1) + ndim * logFactorSum));
  }

  @Override
  public String describe() {
    return "reward=cosine, r0=" + r0 + ", r1=" + r1 + ", mode_gamma=" + modeGamma;
  }
}
