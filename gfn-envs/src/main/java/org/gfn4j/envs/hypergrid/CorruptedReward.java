package org.gfn4j.envs.hypergrid;

import java.util.OptionalDouble;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.envs.random.Mt19937;

/**
 * torchgfn's "corrupted" HyperGrid reward ({@code CorruptedReward}) over a tiered base (bitwise_xor,
 * multiplicative_coprime or conditional_multiscale, key {@code base_reward}, read with the base's own keys): each
 * tier's test is perturbed by hashes of the state, {@code R = R0 + sum_t w_t [perturbed tiers 0..t pass]}.
 *
 * <p>At tier {@code t}, a passing state is demoted when {@code hash(s, seed + 2t) < corruption_rate}, and a failing
 * one promoted when {@code hash(s, seed + 2t + 1) < rho_t}, with {@code rho_t = min(corruption_rate p_t / (1 - p_t),
 * 1)} so that promotions match demotions in expectation ({@code p_t} the fraction of states passing tier {@code t} on
 * its own; {@code rho_t = 0} where none pass, {@code corruption_rate} where all do). The hash is
 * {@link UniformRandomReward}'s, compared in single precision; {@code seed} is {@code corruption_seed} (torchgfn's
 * {@code seed} of this class, default 137). The head of a K-rule bitwise_xor base is not a tier and is dropped, as in
 * torchgfn. Modes: {@code R >= } the base's threshold (conditional_multiscale's adaptive one) or else
 * {@code R0 + sum_t w_t}, torchgfn's. Z has no closed form and is enumerated.
 *
 * <p>Where torchgfn's definition is loose, gfn4j fixes it: torchgfn estimates {@code p_t} from 4,096 to 50,000 states
 * drawn with PyTorch's global, unseeded generator, so its promotions change from run to run; gfn4j counts
 * {@code p_t} exactly over every state up to {@value #EXACT_STATES} states, and beyond draws torchgfn's 50,000 states
 * as {@code torch.manual_seed(corruption_seed); torch.randint(0, H, (50000, D))} would. torchgfn's fallback for an
 * untiered base re-estimates the mode fraction from each batch it scores, so a state's reward depends on the rest of
 * its batch; gfn4j refuses untiered bases. Note also that torchgfn's HyperGrid hands its default {@code R0 = 0.1} to
 * this class, which ignores it: the base is built from {@code base_kwargs} alone (class defaults, {@code R0 = 0}).
 * gfn4j's base reads the grid's {@code r0} (default 0.1); give {@code r0=0} for torchgfn's default.
 */
final class CorruptedReward implements GridReward {
  /** Up to this many states, each tier's pass fraction is counted over all of them. */
  static final int EXACT_STATES = 1 << 20;

  /** torchgfn's sample size above 50,000 states, {@code min(50000, max(4096, H^D))}. */
  private static final int SAMPLED_STATES = 50_000;

  private final TieredReward base;
  private final double corruptionRate;
  private final float corruptionRateFloat;
  private final long seed;
  /** Per tier, {@code rho_t} in single precision, as torchgfn compares it. */
  private final float[] replacementRates;
  private final double[] passFractions;

  /** @throws IllegalArgumentException if {@code corruption_rate} is not in {@code [0, 1)} */
  CorruptedReward(String owner, TieredReward base, double corruptionRate, long seed, int ndim, int height) {
    if (!(corruptionRate >= 0 && corruptionRate < 1)) {
      throw new IllegalArgumentException(owner + ": " + HyperGridProvider.CORRUPTION_RATE + "=" + corruptionRate
          + " is invalid; expected a number in [0, 1)");
    }
    this.base = base;
    this.corruptionRate = corruptionRate;
    this.corruptionRateFloat = (float) corruptionRate;
    this.seed = seed;
    this.passFractions = corruptionRate > 0 ? passFractions(base, ndim, height, seed) : new double[0];
    this.replacementRates = new float[passFractions.length];
    for (int t = 0; t < passFractions.length; t++) {
      double p = passFractions[t];
      double rate = p == 0 ? 0 : p == 1 ? corruptionRate : Math.min(corruptionRate * p / (1 - p), 1.0);
      replacementRates[t] = (float) rate;
    }
  }

  /** The base's tier pass fractions {@code p_t}: counted over every state, or over torchgfn's seeded sample. */
  static double[] passFractions(TieredReward base, int ndim, int height, long seed) {
    int tiers = base.tierCount();
    long[] passing = new long[tiers];
    boolean[] pass = new boolean[tiers];
    int[] state = new int[ndim];
    double cells = Math.pow(height, ndim);
    if (cells <= EXACT_STATES) {
      long count = (long) cells;
      for (long i = 0; i < count; i++) {
        base.tierIndicators(state, pass);
        for (int t = 0; t < tiers; t++) {
          passing[t] += pass[t] ? 1 : 0;
        }
        for (int d = ndim - 1; d >= 0 && ++state[d] == height; d--) {
          state[d] = 0;
        }
      }
      double[] fractions = new double[tiers];
      for (int t = 0; t < tiers; t++) {
        fractions[t] = (double) passing[t] / count;
      }
      return fractions;
    }
    Mt19937 random = new Mt19937(seed);
    for (int i = 0; i < SAMPLED_STATES; i++) {
      for (int d = 0; d < ndim; d++) {
        state[d] = random.nextBelow(height);
      }
      base.tierIndicators(state, pass);
      for (int t = 0; t < tiers; t++) {
        passing[t] += pass[t] ? 1 : 0;
      }
    }
    double[] fractions = new double[tiers];
    for (int t = 0; t < tiers; t++) {
      fractions[t] = (float) passing[t] / (float) SAMPLED_STATES; // torch's float32 mean
    }
    return fractions;
  }

  /** The tiered base. */
  TieredReward base() {
    return base;
  }

  /** The pass fraction {@code p_t} of each tier (empty when {@code corruption_rate = 0}). */
  double[] passFractions() {
    return passFractions.clone();
  }

  /** Whether tier {@code t} of {@code state} passes after demotion and promotion, given its own test. */
  boolean corrupted(int[] state, int t, boolean passes) {
    if (corruptionRate == 0) {
      return passes;
    }
    if (passes) {
      return !(UniformRandomReward.hash(state, seed + 2L * t) < corruptionRateFloat);
    }
    return UniformRandomReward.hash(state, seed + 2L * t + 1) < replacementRates[t];
  }

  @Override
  public double logReward(DiscreteStates states, int row) {
    int[] state = states.row(row);
    boolean[] pass = new boolean[base.tierCount()];
    base.tierIndicators(state, pass);
    double reward = base.r0();
    for (int t = 0; t < pass.length && corrupted(state, t, pass[t]); t++) {
      reward += base.tierWeight(t);
    }
    return Math.log(reward);
  }

  /** {@code log(R0 + sum_t w_t)}: a bound, reached only if some state passes every perturbed tier. */
  @Override
  public double maxLogReward() {
    return Math.log(base.allTiersReward());
  }

  /** torchgfn's {@code mode_threshold()}: conditional_multiscale's adaptive threshold, else {@code R0 + sum_t w_t}. */
  @Override
  public double modeLogRewardThreshold() {
    return base instanceof ConditionalMultiscaleReward multiscale
        ? Math.log(multiscale.modeReward()) : Math.log(base.allTiersReward());
  }

  /** Empty: the perturbation is hashed, Z is enumerated. */
  @Override
  public OptionalDouble closedFormLogPartition() {
    return OptionalDouble.empty();
  }

  @Override
  public String describe() {
    return "reward=corrupted, corruption_rate=" + corruptionRate + ", corruption_seed=" + seed + ", base_reward="
        + base.describe().substring("reward=".length());
  }
}
