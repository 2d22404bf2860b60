package org.gfn4j.envs.hypergrid;

import static org.gfn4j.envs.hypergrid.HyperGridProvider.ACTIVE_DIMS;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.COPRIME_PAIRS;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.COPRIME_START_TIER;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.EXPONENT_CAPS;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.HEAD_SEED;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.N_RULES;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.PRIMES;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.R0;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.RULE_TARGETS;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.TARGET_LCMS;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.TIER_WEIGHTS;

import java.util.Arrays;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.envs.random.Mt19937;

/**
 * torchgfn's "multiplicative_coprime" HyperGrid reward ({@code MultiplicativeCoprimeReward}): tiers of number-theoretic
 * constraints on the active coordinates shifted by one ({@code x = s + 1}, so the origin is all ones),
 * {@code R = R0 + sum_t w_t [tiers 0..t pass]}.
 *
 * <p>Tier {@code t} passes when (a) every active {@code x} is a product of the allowed primes with each exponent at
 * most {@code exponent_caps[t]} (trial division up to the cap leaves 1), (b) from {@code coprime_start_tier} on, no
 * pair {@code i:j} of {@code coprime_pairs} shares an allowed prime, and (c) where {@code target_lcms[t]} is set, the
 * largest exponent of each prime over the active coordinates (counted up to the cap) is that of the target
 * ({@code auto}: every prime at the tier's cap); a target with a prime outside the allowed ones never passes. Primes
 * above {@code H} are dropped and each cap is lowered to {@code min_p floor(log H / log p)}, computed in floating
 * point as torchgfn does. Keys and torchgfn's defaults: {@code tier_weights} 1,10,100, {@code primes} 2,3,5,
 * {@code exponent_caps} 2 per tier, {@code active_dims} all, {@code coprime_pairs} none, {@code coprime_start_tier} 0,
 * {@code target_lcms} none; {@code R0} is the grid's {@code r0}.
 *
 * <p>K rules ({@code n_rules}, {@code head_seed}, {@code rule_targets}): the top tier's LCM test is replaced by rule
 * {@code sum_i x_i mod K}'s target. The targets are {@code rule_targets}, or, given {@code head_seed}, the first K of
 * the {@code top_cap^n_primes} exponent tuples ({@code 1..top_cap} per prime) in the order of PyTorch's
 * {@code randperm} seeded with {@code head_seed}, or else the top tier's own target. Modes: {@code R >= R0 + sum_t w_t}
 * (torchgfn's threshold). Z has no closed form and is enumerated.
 *
 * <p>Validation beyond torchgfn's: primes must be distinct primes with at least one at most {@code H} (torchgfn
 * fails when none is), caps and targets non-negative and positive, coprime pairs within the active dimensions
 * (torchgfn skips the others silently).
 */
final class MultiplicativeCoprimeReward implements TieredReward {
  private final String owner;
  private final double r0;
  private final double[] tierWeights;
  private final int[] primes;
  private final int[] caps;
  private final int[] active;
  private final int[][] pairs;
  private final int coprimeStartTier;
  /** Per tier, the target exponent of each prime; {@code null} for no target. */
  private final int[][] tierTargets;
  /** Per tier, whether its target has a prime outside the allowed ones, so that the tier never passes. */
  private final boolean[] tierImpossible;
  private final int nRules;
  private final OptionalLong headSeed;
  /** Per rule, the top tier's target exponents; {@code null} for none. */
  private final int[][] ruleTargets;
  private final String targetText;
  /** {@code [t][x]}: whether {@code x} in {@code [1, H]} factors over the primes within tier {@code t}'s cap. */
  private final boolean[][] supported;
  /** {@code [t][x][j]}: the exponent of prime {@code j} in {@code x}, counted up to tier {@code t}'s cap. */
  private final int[][][] exponents;

  /** @throws IllegalArgumentException naming the key of a value torchgfn (or gfn4j's checks above) refuses */
  MultiplicativeCoprimeReward(Parameters parameters, int ndim, int height) {
    RewardText text = new RewardText(parameters);
    this.owner = parameters.owner();
    this.r0 = GridMath.checkReward(owner, R0, parameters.getDouble(R0));
    this.tierWeights = text.weights(TIER_WEIGHTS);
    int tiers = tierWeights.length;
    this.primes = primes(text, height);
    this.caps = caps(text, tiers, height);
    this.active = text.dimensions(ACTIVE_DIMS, ndim);
    this.pairs = pairs(text, active.length);
    this.coprimeStartTier = parameters.getInt(COPRIME_START_TIER);
    this.tierTargets = new int[tiers][];
    this.tierImpossible = new boolean[tiers];
    Long[] rawTargets = tierTargets(text, tiers);
    this.nRules = parameters.getInt(N_RULES);
    this.headSeed = text.optionalLong(HEAD_SEED);
    if (headSeed.isEmpty() && nRules > 1) {
      throw new IllegalArgumentException(owner + ": reward=multiplicative_coprime with n_rules=" + nRules
          + " needs head_seed; give head_seed=INTEGER");
    }
    this.targetText = text.raw(RULE_TARGETS);
    this.ruleTargets = ruleTargets(text, rawTargets);
    int[][][] exps = new int[tiers][][];
    boolean[][] ok = new boolean[tiers][];
    for (int t = 0; t < tiers; t++) {
      exps[t] = new int[height + 1][primes.length];
      ok[t] = new boolean[height + 1];
      for (int x = 1; x <= height; x++) {
        int residue = x;
        for (int j = 0; j < primes.length; j++) {
          for (int k = 0; k < caps[t] && residue % primes[j] == 0; k++) {
            residue /= primes[j];
            exps[t][x][j]++;
          }
        }
        ok[t][x] = residue == 1;
      }
    }
    this.exponents = exps;
    this.supported = ok;
    double top = allTiersReward();
    if (!Double.isFinite(top)) {
      throw new IllegalArgumentException(owner + ": r0 + tier_weights = " + top + " is not finite");
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
    int[] x = new int[m];
    long sum = 0;
    for (int i = 0; i < m; i++) {
      x[i] = state[active[i]] + 1;
      sum += x[i];
    }
    int rule = (int) Math.floorMod(sum, (long) nRules);
    boolean coprime = coprime(x);
    int top = tierWeights.length - 1;
    for (int t = 0; t <= top; t++) {
      boolean ok = t < coprimeStartTier || coprime;
      for (int i = 0; i < m && ok; i++) {
        ok = supported[t][x[i]];
      }
      if (ok && tierImpossible[t]) {
        ok = false;
      }
      if (ok && tierTargets[t] != null) {
        ok = lcmMatches(t, x, tierTargets[t]);
      }
      if (ok && t == top && ruleTargets[rule] != null) {
        ok = lcmMatches(t, x, ruleTargets[rule]);
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

  /** {@code log(R0 + sum_t w_t)}: a bound, reached only if some state passes every tier. */
  @Override
  public double maxLogReward() {
    return Math.log(allTiersReward());
  }

  /** {@code log(R0 + sum_t w_t)}, torchgfn's threshold. */
  @Override
  public double modeLogRewardThreshold() {
    return maxLogReward();
  }

  /** Empty: the tiers are number-theoretic, Z is enumerated. */
  @Override
  public OptionalDouble closedFormLogPartition() {
    return OptionalDouble.empty();
  }

  @Override
  public String describe() {
    StringBuilder out = new StringBuilder("reward=multiplicative_coprime, r0=").append(r0)
        .append(", tier_weights=").append(Arrays.toString(tierWeights))
        .append(", primes=").append(Arrays.toString(primes))
        .append(", exponent_caps=").append(Arrays.toString(caps))
        .append(", active_dims=").append(Arrays.toString(active))
        .append(", coprime_pairs=").append(GridMath.formatPairs(pairs))
        .append(", coprime_start_tier=").append(coprimeStartTier);
    if (nRules > 1 || headSeed.isPresent() || !targetText.isEmpty()) {
      out.append(", n_rules=").append(nRules);
      headSeed.ifPresent(seed -> out.append(", head_seed=").append(seed));
    }
    return out.toString();
  }

  // ---- evaluation ------------------------------------------------------------------------------------------

  private boolean coprime(int[] x) {
    for (int p : primes) {
      for (int[] pair : pairs) {
        if (x[pair[0]] % p == 0 && x[pair[1]] % p == 0) {
          return false;
        }
      }
    }
    return true;
  }

  /** Whether the largest exponent of each prime over the coordinates, up to tier {@code t}'s cap, is the target's. */
  private boolean lcmMatches(int t, int[] x, int[] target) {
    for (int j = 0; j < primes.length; j++) {
      int max = 0;
      for (int value : x) {
        max = Math.max(max, exponents[t][value][j]);
      }
      if (max != target[j]) {
        return false;
      }
    }
    return true;
  }

  // ---- construction ----------------------------------------------------------------------------------------

  private static int[] primes(RewardText text, int height) {
    String expected = "distinct primes separated by commas, such as 2,3,5";
    int[] given = text.integers(PRIMES, 2, Integer.MAX_VALUE, expected);
    int[] kept = Arrays.stream(given).filter(p -> p <= height).toArray();
    for (int i = 0; i < given.length; i++) {
      int prime = given[i];
      if (!isPrime(prime) || Arrays.stream(given, 0, i).anyMatch(p -> p == prime)) {
        throw text.invalid(PRIMES, expected);
      }
    }
    if (kept.length == 0) {
      throw new IllegalArgumentException(text.owner() + ": primes=" + text.raw(PRIMES) + " has no prime <= height="
          + height + " (the largest shifted coordinate); expected at least one");
    }
    return kept;
  }

  private static boolean isPrime(int p) {
    for (int q = 2; (long) q * q <= p; q++) {
      if (p % q == 0) {
        return false;
      }
    }
    return p >= 2;
  }

  private int[] caps(RewardText text, int tiers, int height) {
    int[] given;
    if (text.absent(EXPONENT_CAPS)) {
      given = new int[tiers];
      Arrays.fill(given, 2);
    } else {
      given = text.integers(EXPONENT_CAPS, 0, Integer.MAX_VALUE,
          "integers >= 0 separated by commas, one per tier, such as 2,2,2");
      if (given.length != tiers) {
        throw text.wrongLength(EXPONENT_CAPS, given.length, "tier", tiers, "tier_weights has " + tiers);
      }
    }
    int achievable = Integer.MAX_VALUE;
    for (int p : primes) {
      achievable = Math.min(achievable, (int) Math.floor(Math.log(height) / Math.log(p)));
    }
    int[] capped = new int[tiers];
    for (int t = 0; t < tiers; t++) {
      capped[t] = Math.min(given[t], achievable);
    }
    return capped;
  }

  private static int[][] pairs(RewardText text, int activeCount) {
    if (text.absent(COPRIME_PAIRS)) {
      return new int[0][];
    }
    String expected = "pairs i:j of active-dimension indices in [0, " + (activeCount - 1) + "] separated by commas, "
        + "such as 0:1,1:2";
    int[][] pairs = text.pairs(COPRIME_PAIRS, expected);
    for (int[] pair : pairs) {
      if (pair[0] >= activeCount || pair[1] >= activeCount) {
        throw text.invalid(COPRIME_PAIRS, expected);
      }
    }
    return pairs;
  }

  /** The resolved target of each tier ({@code auto} expanded), filling {@link #tierTargets}; null for none. */
  private Long[] tierTargets(RewardText text, int tiers) {
    Long[] resolved = new Long[tiers];
    if (text.absent(TARGET_LCMS)) {
      return resolved;
    }
    String[] parts = text.raw(TARGET_LCMS).split(",", -1);
    String expected = "per tier a positive integer, auto or none, separated by commas, such as none,none,auto";
    if (parts.length != tiers) {
      throw text.wrongLength(TARGET_LCMS, parts.length, "tier", tiers, "tier_weights has " + tiers);
    }
    for (int t = 0; t < tiers; t++) {
      String part = parts[t].trim();
      if (part.equalsIgnoreCase("auto")) {
        tierTargets[t] = new int[primes.length];
        Arrays.fill(tierTargets[t], caps[t]);
        resolved[t] = -1L; // marks "auto": its exponents are set
      } else if (!part.equalsIgnoreCase(RewardText.NONE)) {
        long target = positive(text, TARGET_LCMS, part, expected);
        resolved[t] = target;
        int[] exps = factor(target);
        if (exps == null) {
          tierImpossible[t] = true;
        } else {
          tierTargets[t] = exps;
        }
      }
    }
    return resolved;
  }

  private int[][] ruleTargets(RewardText text, Long[] rawTargets) {
    int top = tierWeights.length - 1;
    int[][] targets = new int[nRules][];
    boolean inherited = false;
    if (!text.absent(RULE_TARGETS)) {
      String expected = "per rule a positive integer or none, separated by commas, such as 36,none";
      String[] parts = text.raw(RULE_TARGETS).split(",", -1);
      if (parts.length != nRules) {
        throw text.wrongLength(RULE_TARGETS, parts.length, "rule", nRules, "n_rules=" + nRules);
      }
      for (int r = 0; r < nRules; r++) {
        String part = parts[r].trim();
        if (!part.equalsIgnoreCase(RewardText.NONE)) {
          targets[r] = ruleTarget(text, r, positive(text, RULE_TARGETS, part, expected));
        }
      }
    } else if (headSeed.isPresent()) {
      targets = generatedTargets(headSeed.getAsLong());
    } else { // one rule, whose target is the top tier's own (torchgfn keeps both, to the same effect)
      inherited = true;
      if (tierImpossible[top]) {
        throw new IllegalArgumentException(owner + ": target_lcms=" + text.raw(TARGET_LCMS) + " gives the top tier "
            + "the target " + rawTargets[top] + ", which has a prime outside primes=" + Arrays.toString(primes)
            + "; torchgfn refuses it as its rule target");
      }
      targets[0] = tierTargets[top];
    }
    boolean headHasTarget = Arrays.stream(targets).anyMatch(t -> t != null);
    if (headHasTarget && !inherited) {
      tierTargets[top] = null;
      tierImpossible[top] = false;
    }
    if (nRules > 1) {
      for (int r = 0; r < nRules; r++) {
        for (int j = 0; targets[r] != null && j < primes.length; j++) {
          if (targets[r][j] > caps[top]) {
            throw new IllegalArgumentException(owner + ": rule " + r + "'s target needs exponent " + targets[r][j]
                + " of prime " + primes[j] + ", above the top tier's exponent cap " + caps[top]);
          }
        }
      }
    }
    return targets;
  }

  private int[] ruleTarget(RewardText text, int rule, long target) {
    int[] exps = factor(target);
    if (exps == null) {
      throw new IllegalArgumentException(owner + ": rule_targets=" + text.raw(RULE_TARGETS) + ": rule " + rule
          + "'s target " + target + " has a prime outside primes=" + Arrays.toString(primes));
    }
    return exps;
  }

  /** torchgfn's {@code _generate_rule_targets}: exponent tuples in {@code randperm} order. */
  private int[][] generatedTargets(long seed) {
    int topCap = caps[caps.length - 1];
    if (topCap < 1) {
      throw new IllegalArgumentException(owner + ": rule targets cannot be drawn with the top tier's exponent cap "
          + topCap + "; expected a cap >= 1");
    }
    double total = Math.pow(topCap, primes.length);
    if (total < nRules) {
      throw new IllegalArgumentException(owner + ": cannot draw " + nRules + " distinct rule targets from "
          + primes.length + " primes with exponents 1.." + topCap + ": only " + (long) total + " exist");
    }
    if (total >= Mt19937.MAX_PERMUTATION) {
      throw new IllegalArgumentException(owner + ": drawing rule targets permutes " + topCap + "^" + primes.length
          + " exponent tuples, " + Mt19937.MAX_PERMUTATION + " or more; give rule_targets instead");
    }
    int[] permutation = new Mt19937(seed).permutation((int) total);
    int[][] targets = new int[nRules][];
    for (int r = 0; r < nRules; r++) {
      int rest = permutation[r];
      targets[r] = new int[primes.length];
      for (int j = 0; j < primes.length; j++) {
        targets[r][j] = rest % topCap + 1;
        rest /= topCap;
      }
    }
    return targets;
  }

  /** The exponents of {@code value} over the primes, or {@code null} if another prime divides it. */
  private int[] factor(long value) {
    int[] exps = new int[primes.length];
    long rest = value;
    for (int j = 0; j < primes.length; j++) {
      while (rest % primes[j] == 0) {
        rest /= primes[j];
        exps[j]++;
      }
    }
    return rest == 1 ? exps : null;
  }

  private static long positive(RewardText text, String key, String part, String expected) {
    try {
      long value = Long.parseLong(part);
      if (value >= 1) {
        return value;
      }
    } catch (NumberFormatException e) {
      // refused below, with the key and what is accepted
    }
    throw text.invalid(key, expected);
  }
}
