package org.gfn4j.envs.hypergrid;

import static org.gfn4j.envs.hypergrid.HyperGridProvider.ACTIVE_DIMS;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.BASE;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.CROSS_DIM_MODS;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.FILTER_SHIFT;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.FILTER_WIDTH;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.HEAD_SEED;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.N_RULES;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.R0;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.SEED;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.TIER_WEIGHTS;

import java.util.Arrays;
import java.util.OptionalDouble;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.envs.random.Mt19937;

/**
 * torchgfn's "conditional_multiscale" HyperGrid reward ({@code ConditionalMultiScaleReward}): each active coordinate
 * is written in base {@code B} with {@code L = log_B H} digits, and tier {@code t} constrains digit {@code L-1-t} (the
 * coarsest first), {@code R = R0 + sum_t w_t [tiers 0..t pass]}.
 *
 * <p>Tier {@code t} passes when every active coordinate has {@code (d_{L-1-t} + shift_t) mod B < f}, with
 * {@code shift_0 = filter_shift[0]} and, for {@code t >= 1}, {@code shift_t = (filter_shift[t] + sum_{k<t} a_{t,k}
 * d_{L-1-k}) mod B} from the same coordinate's coarser digits, and, where {@code cross_dim_mods[t] = m} is set, the
 * tier's digits sum to 0 mod m. The coefficients {@code a_{t,k}} of rule {@code r} are PyTorch's
 * {@code randint(0, B, (t,))} per tier from a generator seeded with {@code head_seed} for rule 0 and
 * {@code head_seed + r * 1000003} for rule {@code r}; a state's rule is its packed coarsest digits,
 * {@code sum_i ((d_{L-1,i} + filter_shift[0]) mod B mod f) f^i mod K}. Keys and torchgfn's defaults:
 * {@code tier_weights} 1,10,100, {@code base} 4, {@code filter_width} B/2, {@code seed} 42, {@code filter_shift} 0,
 * {@code active_dims} all, {@code n_rules} 1, {@code head_seed} = seed, {@code cross_dim_mods} none; {@code R0} is
 * the grid's {@code r0}. {@code H} must be a power of {@code B} with at least as many digits as tiers (so the 2x8 grid
 * needs {@code base=2} or {@code base=8}).
 *
 * <p>Modes follow torchgfn's adaptive tier: the first {@code t} with {@code (f/B)^(t d) < 0.1} ({@code d} active
 * dimensions), or the last, and {@code R >= R0 + sum_{s<t} w_s}. {@code Z = R0 H^D + sum_t w_t n_t} with
 * {@code n_t = (f^(t+1) B^(L-t-1))^d H^(D-d) / prod_{s<=t} m_s}, torchgfn's analytic count, which is exact when every
 * modulus also divides {@code B} (each tier's passing digits are then uniform modulo m); otherwise Z is enumerated.
 *
 * <p>Validation beyond torchgfn's: active dimensions distinct and in range. The K-rule coverage check enumerates
 * torchgfn's trunk patterns up to 2^20 of them (torchgfn: up to 12 active dimensions, whatever their number).
 */
final class ConditionalMultiscaleReward implements TieredReward {
  /** torchgfn's {@code _RULE_SEED_STRIDE}. */
  private static final long RULE_SEED_STRIDE = 1_000_003L;
  private static final int ENUMERATED_PATTERNS = 1 << 20;

  private final int ndim;
  private final int height;
  private final double r0;
  private final double[] tierWeights;
  private final int base;
  private final int levels;
  private final int filterWidth;
  private final int seed;
  private final long headSeed;
  private final int[] filterShift;
  private final int[] active;
  private final int nRules;
  /** {@code [rule][t][k]}: the coefficient {@code a_{t,k}} of rule {@code rule}, for {@code k < t}. */
  private final int[][][] shifts;
  /** Per tier, the modulus {@code m_t}, or 0 for none. */
  private final int[] crossDimMods;

  /** @throws IllegalArgumentException naming the key of a value torchgfn (or gfn4j's checks above) refuses */
  ConditionalMultiscaleReward(Parameters parameters, int ndim, int height) {
    RewardText text = new RewardText(parameters);
    String owner = parameters.owner();
    this.ndim = ndim;
    this.height = height;
    this.r0 = GridMath.checkReward(owner, R0, parameters.getDouble(R0));
    this.tierWeights = text.weights(TIER_WEIGHTS);
    int tiers = tierWeights.length;
    this.base = parameters.getInt(BASE);
    int digits = 0;
    for (int h = height; h > 1; h /= base) {
      if (h % base != 0) {
        throw new IllegalArgumentException(owner + ": reward=conditional_multiscale needs height to be a power of "
            + "base, but height=" + height + " is not a power of base=" + base);
      }
      digits++;
    }
    this.levels = digits;
    if (tiers > levels) {
      throw new IllegalArgumentException(owner + ": tier_weights=" + text.raw(TIER_WEIGHTS) + " has " + tiers
          + " tiers, but height=" + height + " has only " + levels + " digit levels in base=" + base
          + "; expected at most " + levels + " tiers");
    }
    this.filterWidth = filterWidth(text, base);
    this.seed = parameters.getInt(SEED);
    this.filterShift = filterShift(text, tiers);
    this.active = text.dimensions(ACTIVE_DIMS, ndim);
    this.nRules = parameters.getInt(N_RULES);
    this.headSeed = text.optionalLong(HEAD_SEED).orElse(seed);
    this.shifts = new int[nRules][tiers][];
    for (int r = 0; r < nRules; r++) {
      Mt19937 random = new Mt19937(r == 0 ? headSeed : headSeed + r * RULE_SEED_STRIDE);
      for (int t = 0; t < tiers; t++) {
        shifts[r][t] = new int[t];
        for (int k = 0; k < t; k++) {
          shifts[r][t][k] = random.nextBelow(base);
        }
      }
    }
    this.crossDimMods = crossDimMods(text, tiers);
    if (nRules > 1) {
      checkRuleCoverage(owner);
    }
    double top = allTiersReward();
    if (!Double.isFinite(top)) {
      throw new IllegalArgumentException(owner + ": r0 + tier_weights = " + top + " is not finite");
    }
    if (closedFormLogPartition().orElse(0) == Double.NEGATIVE_INFINITY) {
      throw new IllegalArgumentException(owner + ": reward=conditional_multiscale with r0=0 and tier_weights="
          + text.raw(TIER_WEIGHTS) + " gives every state reward 0; make r0 or tier_weights[0] positive");
    }
  }

  @Override
  public double r0() {
    return r0;
  }

  @Override
  public int tierCount() {
    return tierWeights.length;
  }

  @Override
  public double tierWeight(int t) {
    return tierWeights[t];
  }

  @Override
  public void tierIndicators(int[] state, boolean[] pass) {
    int m = active.length;
    int[][] digit = new int[levels][m];
    for (int i = 0; i < m; i++) {
      int rest = state[active[i]];
      for (int k = 0; k < levels; k++) {
        digit[k][i] = rest % base;
        rest /= base;
      }
    }
    int[][] ruleShifts = shifts[rule(digit[levels - 1])];
    for (int t = 0; t < tierWeights.length; t++) {
      int[] target = digit[levels - 1 - t];
      int[] coefficients = ruleShifts[t];
      boolean ok = true;
      long sum = 0;
      for (int i = 0; i < m && ok; i++) {
        long shift = filterShift[t];
        if (t > 0) {
          for (int k = 0; k < t; k++) {
            shift += (long) coefficients[k] * digit[levels - 1 - k][i];
          }
          shift %= base;
        }
        ok = (target[i] + shift) % base < filterWidth;
        sum += target[i];
      }
      if (ok && crossDimMods[t] != 0) {
        ok = sum % crossDimMods[t] == 0;
      }
      pass[t] = ok;
    }
  }

  @Override
  public double logReward(DiscreteStates states, int row) {
    boolean[] pass = new boolean[tierWeights.length];
    tierIndicators(states.row(row), pass);
    return Math.log(cumulativeReward(pass));
  }

  /** {@code log(R0 + sum_t w_t)}, the reward of the states that pass every tier (there always are some). */
  @Override
  public double maxLogReward() {
    return Math.log(allTiersReward());
  }

  /** torchgfn's {@code mode_threshold()}: {@code R0 + sum_{s < t} w_s} at the adaptive tier {@link #modeTier}. */
  double modeReward() {
    double reward = r0;
    for (int t = 0; t < modeTier(); t++) {
      reward += tierWeights[t];
    }
    return reward;
  }

  /** torchgfn's {@code mode_tier(0.1)}: the first tier {@code t >= 1} with {@code (f/B)^(t d) < 0.1}, or the last. */
  int modeTier() {
    double ratio = (double) filterWidth / base;
    for (int t = 1; t <= tierWeights.length; t++) {
      if (Math.pow(ratio, t * active.length) < 0.1) {
        return t;
      }
    }
    return tierWeights.length;
  }

  @Override
  public double modeLogRewardThreshold() {
    return Math.log(modeReward());
  }

  /**
   * {@code log(R0 H^D + sum_t w_t n_t)} in log space, where every modulus divides both {@code f} and {@code B}; empty
   * otherwise.
   */
  @Override
  public OptionalDouble closedFormLogPartition() {
    for (int m : crossDimMods) {
      if (m != 0 && base % m != 0) {
        return OptionalDouble.empty();
      }
    }
    int d = active.length;
    double[] terms = new double[tierWeights.length + 1];
    terms[0] = GridMath.logTerm(r0, height, ndim);
    double logDivisor = 0;
    for (int t = 0; t < tierWeights.length; t++) {
      logDivisor += crossDimMods[t] == 0 ? 0 : Math.log(crossDimMods[t]);
      double logCount = d * ((t + 1) * Math.log(filterWidth) + (levels - t - 1) * Math.log(base))
          + (ndim - d) * Math.log(height) - logDivisor;
      terms[t + 1] = tierWeights[t] == 0 ? Double.NEGATIVE_INFINITY : Math.log(tierWeights[t]) + logCount;
    }
    return OptionalDouble.of(GridMath.logSumExp(terms));
  }

  @Override
  public String describe() {
    StringBuilder out = new StringBuilder("reward=conditional_multiscale, r0=").append(r0)
        .append(", tier_weights=").append(Arrays.toString(tierWeights))
        .append(", base=").append(base).append(", filter_width=").append(filterWidth)
        .append(", seed=").append(seed)
        .append(", filter_shift=").append(Arrays.toString(filterShift))
        .append(", active_dims=").append(Arrays.toString(active));
    if (Arrays.stream(crossDimMods).anyMatch(m -> m != 0)) {
      out.append(", cross_dim_mods=").append(Arrays.toString(crossDimMods));
    }
    if (nRules > 1 || headSeed != seed) {
      out.append(", n_rules=").append(nRules).append(", head_seed=").append(headSeed);
    }
    return out.toString();
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  /** torchgfn's {@code _selector}: the shifted coarsest digits packed in base f, modulo K (64-bit, wrapping). */
  private int rule(int[] coarsest) {
    long packed = 0;
    long power = 1;
    for (int value : coarsest) {
      packed += (long) ((value + filterShift[0]) % base % filterWidth) * power;
      power *= filterWidth;
    }
    return (int) Math.floorMod(packed, (long) nRules);
  }

  private static int filterWidth(RewardText text, int base) {
    if (text.absent(FILTER_WIDTH)) {
      return base / 2;
    }
    String expected = "an integer in [1, " + base + "] (base=" + base + ")";
    int[] given = text.integers(FILTER_WIDTH, 1, base, expected);
    if (given.length != 1) {
      throw text.invalid(FILTER_WIDTH, expected);
    }
    return given[0];
  }

  private int[] filterShift(RewardText text, int tiers) {
    if (text.absent(FILTER_SHIFT)) {
      return new int[tiers];
    }
    int[] given = text.integers(FILTER_SHIFT, Integer.MIN_VALUE, Integer.MAX_VALUE,
        "integers separated by commas, one per tier, such as 0,1,0");
    if (given.length != tiers) {
      throw text.wrongLength(FILTER_SHIFT, given.length, "tier", tiers, "tier_weights has " + tiers);
    }
    return Arrays.stream(given).map(s -> Math.floorMod(s, base)).toArray();
  }

  private int[] crossDimMods(RewardText text, int tiers) {
    int[] mods = new int[tiers];
    if (text.absent(CROSS_DIM_MODS)) {
      return mods;
    }
    String expected = "per tier none or an integer >= 2 dividing filter_width=" + filterWidth
        + ", separated by commas, such as none,2,2";
    Long[] given = text.optionalIntegers(CROSS_DIM_MODS, 2, Integer.MAX_VALUE, expected);
    if (given.length != tiers) {
      throw text.wrongLength(CROSS_DIM_MODS, given.length, "tier", tiers, "tier_weights has " + tiers);
    }
    for (int t = 0; t < tiers; t++) {
      if (given[t] != null) {
        if (filterWidth % given[t] != 0) {
          throw text.invalid(CROSS_DIM_MODS, expected);
        }
        mods[t] = given[t].intValue();
      }
    }
    return mods;
  }

  /**
   * torchgfn's {@code _validate_rule_coverage}: K at most the trunk-passing patterns {@code f^d / m_0}, and, where
   * the patterns are enumerated, every rule {@code pattern mod K} hit by one.
   */
  private void checkRuleCoverage(String owner) {
    int d = active.length;
    int m0 = crossDimMods[0];
    double patterns = Math.pow(filterWidth, d);
    double surviving = m0 == 0 ? patterns : patterns / m0;
    if (nRules > surviving) {
      throw new IllegalArgumentException(owner + ": n_rules=" + nRules + " exceeds the " + (long) surviving
          + " trunk-passing patterns (filter_width^d = " + filterWidth + "^" + d + (m0 == 0 ? "" : " / " + m0)
          + "); some rules could not be reached");
    }
    if (d > 12 || patterns > ENUMERATED_PATTERNS) {
      return;
    }
    boolean[] hit = new boolean[nRules];
    for (int pattern = 0; pattern < (int) patterns; pattern++) {
      if (m0 != 0) {
        int sum = 0;
        for (int i = 0, rest = pattern; i < d; i++, rest /= filterWidth) {
          sum += rest % filterWidth;
        }
        if (sum % m0 != 0) {
          continue;
        }
      }
      hit[pattern % nRules] = true;
    }
    for (int r = 0; r < nRules; r++) {
      if (!hit[r]) {
        throw new IllegalArgumentException(owner + ": n_rules=" + nRules + " leaves rule " + r + " with no "
            + "trunk-passing state; loosen cross_dim_mods[0] or reduce n_rules");
      }
    }
  }
}
