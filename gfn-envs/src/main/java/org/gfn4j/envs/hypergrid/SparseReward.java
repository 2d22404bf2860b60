package org.gfn4j.envs.hypergrid;

import java.util.OptionalDouble;
import org.gfn4j.api.env.DiscreteStates;

/**
 * torchgfn's "sparse" HyperGrid reward, from GAFN (Pan et al., "Generative Augmented Flow Networks", ICLR 2023):
 * reward {@code 1 + eps} on the target states and {@code eps = 1e-12} elsewhere. The targets are the permutations of
 * {@code k} ones and {@code D - k} values {@code H - 2}, for {@code k = 0 .. D-1} (torchgfn's
 * {@code SparseReward.__init__}); equivalently, every coordinate is 1 or {@code H - 2} and at least one is
 * {@code H - 2}. That is {@code 2^D - 1} targets, or one (all ones) when {@code H = 3}. The family takes no
 * parameters. Modes are the targets: torchgfn's threshold is 0.5.
 */
final class SparseReward implements GridReward {
  private final int ndim;
  private final int height;
  private final long targetCount;
  private final double logTarget = Math.log1p(GridMath.EPS);
  private final double logOther = Math.log(GridMath.EPS);

  SparseReward(int ndim, int height) {
    this.ndim = ndim;
    this.height = height;
    this.targetCount = height == 3 ? 1 : (1L << ndim) - 1;
  }

  /** Whether state {@code row} is a target: every coordinate 1 or {@code H - 2}, at least one {@code H - 2}. */
  boolean isTarget(DiscreteStates states, int row) {
    boolean anyFar = false;
    for (int d = 0; d < ndim; d++) {
      int v = states.get(row, d);
      if (v != 1 && v != height - 2) {
        return false;
      }
      anyFar |= v == height - 2;
    }
    return anyFar;
  }

  @Override
  public double logReward(DiscreteStates states, int row) {
    return isTarget(states, row) ? logTarget : logOther;
  }

  /** {@code log(1 + 1e-12)}, a target's. */
  @Override
  public double maxLogReward() {
    return logTarget;
  }

  /** {@code log 0.5}, torchgfn's threshold, which separates the targets ({@code 1 + eps}) from the rest. */
  @Override
  public double modeLogRewardThreshold() {
    return Math.log(0.5);
  }

  /** {@code log(T (1 + eps) + (H^D - T) eps)} with {@code T} targets, in log space. */
  @Override
  public OptionalDouble closedFormLogPartition() {
    double logCells = ndim * Math.log(height);
    double logTargets = Math.log(targetCount);
    double logOthers = logCells + Math.log1p(-Math.exp(logTargets - logCells));
    return OptionalDouble.of(GridMath.logSumExp(logTargets + logTarget, logOthers + logOther));
  }

  @Override
  public String describe() {
    return "reward=sparse";
  }
}
