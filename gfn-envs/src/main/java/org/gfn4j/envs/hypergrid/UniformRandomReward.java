package org.gfn4j.envs.hypergrid;

import java.util.OptionalDouble;
import org.gfn4j.api.env.DiscreteStates;

/**
 * torchgfn's "uniform_random" HyperGrid reward ({@code UniformRandomReward}): each state is a mode, independently
 * with probability {@code mode_prob}, decided by a deterministic hash of its coordinates, with no spatial structure.
 * {@code R = R0 + R_mode} on modes, {@code R0} elsewhere; keys {@code R0, R_mode, mode_prob, seed}, defaults 0.1, 2.0,
 * 0.01, 42.
 *
 * <p>The hash is torchgfn's {@code _state_hash_uniform}: {@code h = seed}, then {@code h = h * A + s_d * B} for each
 * coordinate in wrapping 64-bit arithmetic ({@code A = 6364136223846793005}, {@code B = 1442695040888963407}), then
 * {@code u = (|h| mod P) / P} with {@code P = 2^31 - 1}, in single precision as torchgfn computes it; a state is a
 * mode when {@code u < mode_prob}. The partition function has no closed form (the exact evaluator enumerates), and
 * modes are the states of {@code R0 + R_mode}, torchgfn's threshold. On a small grid there may be none: torchgfn
 * then refuses the grid, gfn4j builds it (a uniform reward when {@code r0 > 0}).
 */
final class UniformRandomReward implements GridReward {
  private static final long PRIME_A = 6364136223846793005L;
  private static final long PRIME_B = 1442695040888963407L;
  private static final long LARGE_PRIME = 2147483647L;

  private final double r0;
  private final double rMode;
  private final double modeProb;
  private final long seed;
  private final double logBase;
  private final double logMode;

  /**
   * @throws IllegalArgumentException if a reward is negative or not finite, {@code r_mode} is not positive, or
   *     {@code mode_prob} is not in {@code (0, 1)}
   */
  UniformRandomReward(String owner, double r0, double rMode, double modeProb, long seed) {
    this.r0 = GridMath.checkReward(owner, HyperGridProvider.R0, r0);
    this.rMode = GridMath.checkReward(owner, HyperGridProvider.R_MODE, rMode);
    if (rMode <= 0) {
      throw new IllegalArgumentException(owner + ": r_mode=" + rMode + " is invalid; expected a number > 0");
    }
    if (!(modeProb > 0 && modeProb < 1)) {
      throw new IllegalArgumentException(
          owner + ": mode_prob=" + modeProb + " is invalid; expected a number in (0, 1)");
    }
    this.modeProb = modeProb;
    this.seed = seed;
    this.logBase = Math.log(r0);
    this.logMode = Math.log(r0 + rMode);
    if (!Double.isFinite(logMode)) {
      throw new IllegalArgumentException(owner + ": r0 + r_mode = " + (r0 + rMode) + " is not finite");
    }
  }

  /** torchgfn's {@code _state_hash_uniform} of state {@code row}: a float in {@code [0, 1)}. */
  float hash(DiscreteStates states, int row) {
    return hash(states.row(row), seed);
  }

  /**
   * torchgfn's {@code _state_hash_uniform(state, seed)}, which the corrupted reward also uses: a float in
   * {@code [0, 1)}.
   */
  static float hash(int[] state, long seed) {
    long h = seed;
    for (int v : state) {
      h = h * PRIME_A + v * PRIME_B;
    }
    long reduced = Math.floorMod(Math.abs(h), LARGE_PRIME); // torch: abs wraps at Long.MIN_VALUE, % floors
    return (float) reduced / (float) LARGE_PRIME;
  }

  /** Whether state {@code row} is a mode: its hash is below {@code mode_prob} (compared in single precision). */
  boolean isMode(DiscreteStates states, int row) {
    return hash(states, row) < (float) modeProb;
  }

  @Override
  public double logReward(DiscreteStates states, int row) {
    return isMode(states, row) ? logMode : logBase;
  }

  /** {@code log(R0 + R_mode)}, a mode's (whether or not the grid has one). */
  @Override
  public double maxLogReward() {
    return logMode;
  }

  /** Empty: the modes are placed by a hash, so Z needs the enumeration. */
  @Override
  public OptionalDouble closedFormLogPartition() {
    return OptionalDouble.empty();
  }

  @Override
  public String describe() {
    return "reward=uniform_random, r0=" + r0 + ", r_mode=" + rMode + ", mode_prob=" + modeProb + ", seed=" + seed;
  }
}
