package org.gfn4j.envs.hypergrid;

import java.util.OptionalDouble;
import org.gfn4j.api.env.DiscreteStates;

/**
 * torchgfn's "deceptive" HyperGrid reward, from Adaptive Teachers (Kim et al., 2025), as in torchgfn's
 * {@code DeceptiveReward.__call__}: {@code R = R0 + R1 - R1 * prod_d [ax_d > 0.1] + R2 * prod_d [0.3 < ax_d < 0.4]}
 * with {@code ax_d = |s_d / (H-1) - 0.5|}, each comparison moved inwards by 1e-12. States with a coordinate near the
 * centre ({@code ax <= 0.1}) get {@code R0 + R1}, the band states of the original reward {@code R0 + R2}, the rest
 * {@code R0}: the centre lures a sampler away from the modes in the band.
 *
 * <p>Keys {@code R0, R1, R2}. torchgfn's {@code HyperGrid} passes its default kwargs {@code R0=0.1, R1=0.5, R2=2.0}
 * to every family, and so does gfn4j; the class's own defaults, used by torchgfn's "medium" preset, are
 * {@code r0=1e-5, r1=0.1, r2=2.0}. Modes: {@code R >= R0 + R2} (torchgfn's threshold). With {@code c} values per
 * coordinate outside the centre and {@code b} in the band, {@code Z = R0 H^D + R1 (H^D - c^D) + R2 b^D}.
 */
final class DeceptiveReward implements GridReward {
  private final int ndim;
  private final int height;
  private final double r0;
  private final double r1;
  private final double r2;
  /** Per coordinate value: whether {@code ax > 0.1}, outside the centre. */
  private final boolean[] outside;
  /** Per coordinate value: whether {@code 0.3 < ax < 0.4}. */
  private final boolean[] band;

  /** @throws IllegalArgumentException if a reward is negative or not finite, or if every state has reward 0 */
  DeceptiveReward(String owner, int ndim, int height, double r0, double r1, double r2) {
    this.ndim = ndim;
    this.height = height;
    this.r0 = GridMath.checkReward(owner, HyperGridProvider.R0, r0);
    this.r1 = GridMath.checkReward(owner, HyperGridProvider.R1, r1);
    this.r2 = GridMath.checkReward(owner, HyperGridProvider.R2, r2);
    this.outside = new boolean[height];
    this.band = new boolean[height];
    for (int v = 0; v < height; v++) {
      double ax = GridMath.ax(v, height);
      outside[v] = ax > 0.1 + GridMath.EPS;
      band[v] = ax > 0.3 + GridMath.EPS && ax < 0.4 - GridMath.EPS;
    }
    if (!Double.isFinite(r0 + r1 + r2)) {
      throw new IllegalArgumentException(owner + ": r0 + r1 + r2 = " + (r0 + r1 + r2) + " is not finite");
    }
    if (closedFormLogPartition().getAsDouble() == Double.NEGATIVE_INFINITY) {
      throw new IllegalArgumentException(owner + ": reward=deceptive with r0=" + r0 + ", r1=" + r1 + ", r2=" + r2
          + " gives every state of height=" + height + " reward 0; make r0 positive");
    }
  }

  @Override
  public double logReward(DiscreteStates states, int row) {
    boolean allOutside = true;
    boolean allBand = true;
    for (int d = 0; d < ndim; d++) {
      int v = states.get(row, d);
      allOutside &= outside[v];
      allBand &= band[v];
    }
    return Math.log(r0 + r1 - (allOutside ? r1 : 0) + (allBand ? r2 : 0));
  }

  /** The largest of the rewards present: {@code R0 + R2} (band), {@code R0 + R1} (centre), {@code R0} (the rest). */
  @Override
  public double maxLogReward() {
    int c = GridMath.count(outside);
    int b = GridMath.count(band);
    double max = c > b ? r0 : 0; // every coordinate outside the centre, not every one in the band
    if (c < height) {
      max = Math.max(max, r0 + r1);
    }
    if (b > 0) {
      max = Math.max(max, r0 + r2);
    }
    return Math.log(max);
  }

  /** {@code log(R0 + R2)}, torchgfn's threshold: the band states. */
  @Override
  public double modeLogRewardThreshold() {
    return Math.log(r0 + r2);
  }

  /** {@code log(R0 H^D + R1 H^D (1 - (c/H)^D) + R2 b^D)}, in log space. */
  @Override
  public OptionalDouble closedFormLogPartition() {
    int c = GridMath.count(outside);
    double logCells = ndim * Math.log(height);
    double logCentre = c == height ? Double.NEGATIVE_INFINITY
        : logCells + Math.log1p(-Math.pow((double) c / height, ndim));
    return OptionalDouble.of(GridMath.logSumExp(GridMath.logTerm(r0, height, ndim),
        r1 == 0 ? Double.NEGATIVE_INFINITY : Math.log(r1) + logCentre,
        GridMath.logTerm(r2, GridMath.count(band), ndim)));
  }

  @Override
  public String describe() {
    return "reward=deceptive, r0=" + r0 + ", r1=" + r1 + ", r2=" + r2;
  }
}
