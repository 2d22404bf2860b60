package org.gfn4j.envs.hypergrid;

import static org.gfn4j.envs.hypergrid.HyperGridProvider.BITS_PER_TIER;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.DIMS_CONSTRAINED;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.HEAD_BIT_RANGE;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.HEAD_CHECK_COUNT;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.HEAD_SEED;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.HEAD_WEIGHT;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.N_RULES;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.PARITY_CHECKS;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.R0;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.TIER_WEIGHTS;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.param.Parameters;

/**
 * torchgfn's "bitwise_xor" HyperGrid reward ({@code BitwiseXORReward}): tiers of GF(2) parity checks on the bit-planes
 * of the constrained dimensions, {@code R = R0 + sum_t w_t [tiers 0..t pass] + head_weight [every tier and the
 * state's rule head pass]}.
 *
 * <p>With {@code B = ceil(log2 H)} bits per coordinate and {@code b} the {@code M * B} bits of the
 * {@code M = |dims_constrained|} constrained coordinates (dimension-major: column {@code d * B + k} is bit {@code k}
 * of constrained dimension {@code d}), tier {@code t} applies its checks {@code A_t b_k = c_t} at every bit-plane
 * {@code k} of its range {@code bits_per_tier[t] = lo:hi} ({@code hi} capped to {@code B - 1}; an empty range
 * passes). A tier's checks are given in {@code parity_checks}, or default to one even-parity check (the bits of the
 * plane sum to 0 mod 2). Keys and torchgfn's defaults: {@code tier_weights} 1,10,100, {@code dims_constrained} all,
 * {@code bits_per_tier} 0:5,0:7,0:9, {@code parity_checks} even parity; {@code R0} is the grid's {@code r0} (0.1, as
 * torchgfn's HyperGrid passes it; the class's own default is 0).
 *
 * <p>K-rule structure ({@code n_rules}, {@code head_check_count}, {@code head_seed}, {@code head_weight},
 * {@code head_bit_range}), as torchgfn builds it: a selector matrix {@code S} of {@code ceil(log2 K)} random rows,
 * drawn from PyTorch's generator seeded with {@code head_seed + attempt * 1000003} until it is independent of the
 * trunk, maps a state to rule {@code pack(S b) mod K}; one random full-rank head matrix (seed
 * {@code head_seed + 1000003}) applied at every head bit-plane, with a right-hand side per rule computed from
 * torchgfn's witness solution of trunk and selector, must then also hold for the head bonus. Modes: {@code R >= R0 +
 * sum_t w_t + head_weight} (torchgfn's threshold). Where {@code H} is a power of 2, every bit pattern is a state and
 * {@code Z} has a closed form from the GF(2) ranks; otherwise it is enumerated.
 *
 * <p>Validation beyond torchgfn's: dimensions distinct and in range, a negative {@code lo}, a head range beyond the
 * bit-planes and a head wider than the constrained dimensions are refused (torchgfn indexes other dimensions' bits
 * or fails later).
 */
final class BitwiseXorReward implements TieredReward {
  /** torchgfn's {@code _RULE_SEED_STRIDE}. */
  private static final long RULE_SEED_STRIDE = 1_000_003L;

  private final String owner;
  private final int ndim;
  private final int height;
  private final double r0;
  private final double[] tierWeights;
  private final int[] dims;
  private final int bits;
  private final int nVars;
  private final int[][] bitsPerTier;
  private final String parityText;
  /** Every tier's checks at every bit-plane of its range, tier by tier. */
  private final long[][] trunk;
  private final int[] trunkC;
  /** Where each tier's rows start in {@link #trunk}; {@code tierStart[T]} is the row count. */
  private final int[] tierStart;
  private final int nRules;
  private final int headCheckCount;
  private final OptionalLong headSeed;
  private final double headWeight;
  private final int[] headBitRange;
  private final int kSelect;
  private final long[][] selector;
  private final long[][] head;
  private final int[][] headC;

  /** @throws IllegalArgumentException naming the key of a value torchgfn (or gfn4j's checks above) refuses */
  BitwiseXorReward(Parameters parameters, int ndim, int height) {
    RewardText text = new RewardText(parameters);
    this.owner = parameters.owner();
    this.ndim = ndim;
    this.height = height;
    this.r0 = GridMath.checkReward(owner, R0, parameters.getDouble(R0));
    this.tierWeights = text.weights(TIER_WEIGHTS);
    int tiers = tierWeights.length;
    this.dims = text.dimensions(DIMS_CONSTRAINED, ndim);
    int m = dims.length;
    this.bits = GridMath.bitsPerCoordinate(height);
    this.nVars = m * bits;
    this.bitsPerTier = bitRanges(text, tiers);
    this.parityText = text.raw(PARITY_CHECKS);
    List<int[][]> checks = parityChecks(text, tiers, m);

    List<long[]> rows = new ArrayList<>();
    List<Integer> rhs = new ArrayList<>();
    this.tierStart = new int[tiers + 1];
    for (int t = 0; t < tiers; t++) {
      tierStart[t] = rows.size();
      for (int k = bitsPerTier[t][0]; k <= bitsPerTier[t][1]; k++) {
        for (int[] check : checks.get(t)) {
          long[] row = Gf2.row(nVars);
          for (int d = 0; d < m; d++) {
            if (check[d] == 1) {
              Gf2.set(row, d * bits + k);
            }
          }
          rows.add(row);
          rhs.add(check[m]);
        }
      }
    }
    tierStart[tiers] = rows.size();
    this.trunk = rows.toArray(long[][]::new);
    this.trunkC = rhs.stream().mapToInt(Integer::intValue).toArray();

    this.nRules = parameters.getInt(N_RULES);
    this.headCheckCount = parameters.getInt(HEAD_CHECK_COUNT);
    this.headSeed = text.optionalLong(HEAD_SEED);
    if (headSeed.isEmpty() && (nRules > 1 || headCheckCount > 0)) {
      throw new IllegalArgumentException(owner + ": reward=bitwise_xor with n_rules=" + nRules + " and "
          + "head_check_count=" + headCheckCount + " needs head_seed; give head_seed=INTEGER");
    }
    this.headWeight = GridMath.checkReward(owner, HEAD_WEIGHT, parameters.getDouble(HEAD_WEIGHT));
    if (headCheckCount == 0 && headWeight != 0) {
      throw new IllegalArgumentException(owner + ": head_weight=" + headWeight + " needs head_check_count > 0; "
          + "with head_check_count=0 the head always passes");
    }
    this.headBitRange = headBitRange(text);
    this.kSelect = nRules > 1 ? 32 - Integer.numberOfLeadingZeros(nRules - 1) : 0;
    this.selector = kSelect > 0 ? selector() : new long[0][];
    if (headCheckCount > 0) {
      this.head = headRows();
      this.headC = headTargets();
    } else {
      this.head = new long[0][];
      this.headC = new int[nRules][0];
    }
    if (nRules > 1 || head.length > 0) {
      for (int rule = 0; rule < nRules; rule++) {
        if (!Gf2.hasSolution(Gf2.concat(Gf2.concat(trunk, selector), head),
            Gf2.concat(Gf2.concat(trunkC, selectorBits(rule)), headC[rule]), nVars)) {
          throw new IllegalArgumentException(owner + ": reward=bitwise_xor rule " + rule + " has no solution (the "
              + "trunk, selector and head checks are inconsistent over GF(2)); reduce head_check_count or change "
              + "head_seed");
        }
      }
    }
    double top = allTiersReward() + headWeight;
    if (!Double.isFinite(top)) {
      throw new IllegalArgumentException(owner + ": r0 + tier_weights + head_weight = " + top + " is not finite");
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

  /** The trunk's tier tests (the head is not a tier: torchgfn's corrupted reward does not see it). */
  @Override
  public void tierIndicators(int[] state, boolean[] pass) {
    long[] b = bitVector(state);
    for (int t = 0; t < tierWeights.length; t++) {
      pass[t] = satisfied(trunk, trunkC, tierStart[t], tierStart[t + 1], b);
    }
  }

  @Override
  public double logReward(DiscreteStates states, int row) {
    int[] state = states.row(row);
    long[] b = bitVector(state);
    double reward = r0;
    boolean all = true;
    for (int t = 0; t < tierWeights.length && all; t++) {
      all = satisfied(trunk, trunkC, tierStart[t], tierStart[t + 1], b);
      if (all) {
        reward += tierWeights[t];
      }
    }
    if (all && head.length > 0 && satisfied(head, headC[rule(b)], 0, head.length, b)) {
      reward += headWeight;
    }
    return Math.log(reward);
  }

  /** {@code log(R0 + sum_t w_t + head_weight)}: a bound, reached only if some state passes every check. */
  @Override
  public double maxLogReward() {
    return Math.log(allTiersReward() + headWeight);
  }

  /** {@code log(R0 + sum_t w_t + head_weight)}, torchgfn's threshold. */
  @Override
  public double modeLogRewardThreshold() {
    return maxLogReward();
  }

  /**
   * Where {@code H = 2^B}: {@code Z = R0 H^D + sum_t w_t n_t + head_weight n_head}, with {@code n_t = H^(D-M)
   * 2^(MB - rank)} the states passing tiers 0..t when those checks are consistent (0 otherwise), and {@code n_head}
   * summed over the selector's {@code 2^k} values in the same way. Empty when {@code H} is not a power of 2.
   */
  @Override
  public OptionalDouble closedFormLogPartition() {
    if (height != 1 << bits) {
      return OptionalDouble.empty();
    }
    double logFree = (ndim - dims.length) * Math.log(height);
    int tiers = tierWeights.length;
    double[] terms = new double[tiers + 2];
    terms[0] = GridMath.logTerm(r0, height, ndim);
    for (int t = 0; t < tiers; t++) {
      long[][] rows = Arrays.copyOf(trunk, tierStart[t + 1]);
      Gf2.Elimination elimination = new Gf2.Elimination(rows, nVars);
      boolean consistent = elimination.consistent(Arrays.copyOf(trunkC, rows.length));
      terms[t + 1] = consistent && tierWeights[t] > 0
          ? Math.log(tierWeights[t]) + logFree + (nVars - elimination.rank()) * Math.log(2)
          : Double.NEGATIVE_INFINITY;
    }
    terms[tiers + 1] = Double.NEGATIVE_INFINITY;
    if (head.length > 0 && headWeight > 0) {
      Gf2.Elimination elimination = new Gf2.Elimination(Gf2.concat(Gf2.concat(trunk, selector), head), nVars);
      long solvable = 0;
      for (int v = 0; v < 1 << kSelect; v++) {
        if (elimination.consistent(Gf2.concat(Gf2.concat(trunkC, selectorBits(v)), headC[v % nRules]))) {
          solvable++;
        }
      }
      if (solvable > 0) {
        terms[tiers + 1] = Math.log(headWeight) + logFree + Math.log(solvable)
            + (nVars - elimination.rank()) * Math.log(2);
      }
    }
    return OptionalDouble.of(GridMath.logSumExp(terms));
  }

  @Override
  public String describe() {
    StringBuilder out = new StringBuilder("reward=bitwise_xor, r0=").append(r0)
        .append(", tier_weights=").append(Arrays.toString(tierWeights))
        .append(", dims_constrained=").append(Arrays.toString(dims))
        .append(", bits_per_tier=").append(GridMath.formatPairs(bitsPerTier))
        .append(", parity_checks=").append(parityText.isEmpty() ? "even" : parityText);
    if (nRules > 1 || headCheckCount > 0) {
      out.append(", n_rules=").append(nRules).append(", head_check_count=").append(headCheckCount)
          .append(", head_seed=").append(headSeed.getAsLong()).append(", head_weight=").append(headWeight)
          .append(", head_bit_range=").append(headBitRange[0]).append(':').append(headBitRange[1]);
    }
    return out.toString();
  }

  // ---- construction ----------------------------------------------------------------------------------------

  private int[][] bitRanges(RewardText text, int tiers) {
    int[][] ranges = text.pairs(BITS_PER_TIER, "inclusive bit ranges lo:hi separated by commas, one per tier, "
        + "such as 0:5,0:7,0:9");
    if (ranges.length != tiers) {
      throw text.wrongLength(BITS_PER_TIER, ranges.length, "tier", tiers, "tier_weights has " + tiers);
    }
    for (int[] range : ranges) {
      range[1] = Math.min(range[1], bits - 1);
    }
    return ranges;
  }

  /** Per tier, its checks: each {@code M} coefficients and then the target bit. */
  private static List<int[][]> parityChecks(RewardText text, int tiers, int m) {
    int[][] even = {evenParity(m)};
    List<int[][]> checks = new ArrayList<>();
    if (text.absent(PARITY_CHECKS)) {
      for (int t = 0; t < tiers; t++) {
        checks.add(even);
      }
      return checks;
    }
    String expected = "per tier, separated by ';', 'even', 'empty' or checks of " + m + " coefficients 0/1 and "
        + "a target, such as " + "1".repeat(m) + "=0, separated by ','";
    String[] entries = text.raw(PARITY_CHECKS).split(";", -1);
    if (entries.length != tiers) {
      throw text.wrongLength(PARITY_CHECKS, entries.length, "tier", tiers, "tier_weights has " + tiers);
    }
    for (String entry : entries) {
      String tier = entry.trim();
      if (tier.equalsIgnoreCase("even")) {
        checks.add(even);
      } else if (tier.equalsIgnoreCase("empty")) {
        checks.add(new int[0][]);
      } else {
        String[] parts = tier.split(",", -1);
        int[][] system = new int[parts.length][];
        for (int i = 0; i < parts.length; i++) {
          system[i] = check(text, parts[i].trim(), m, expected);
        }
        checks.add(system);
      }
    }
    return checks;
  }

  private static int[] evenParity(int m) {
    int[] check = new int[m + 1];
    Arrays.fill(check, 0, m, 1);
    return check;
  }

  private static int[] check(RewardText text, String part, int m, String expected) {
    if (!part.matches("[01]+=[01]") || part.indexOf('=') != m) {
      throw text.invalid(PARITY_CHECKS, expected);
    }
    int[] check = new int[m + 1];
    for (int d = 0; d < m; d++) {
      check[d] = part.charAt(d) - '0';
    }
    check[m] = part.charAt(m + 1) - '0';
    return check;
  }

  private int[] headBitRange(RewardText text) {
    if (text.absent(HEAD_BIT_RANGE)) {
      return headCheckCount > 0 ? new int[] {0, bits - 1} : new int[] {0, -1};
    }
    String expected = "an inclusive bit range lo:hi within 0:" + (bits - 1) + " (B = " + bits + " bits for height="
        + height + ")";
    int[] range = text.pair(HEAD_BIT_RANGE, text.raw(HEAD_BIT_RANGE), expected);
    if (headCheckCount > 0 && (range[0] > range[1] || range[1] > bits - 1)) {
      throw text.invalid(HEAD_BIT_RANGE, expected);
    }
    return range;
  }

  /** torchgfn's selector: up to 8 seeded draws until independent of the trunk. */
  private long[][] selector() {
    String what = owner + ": reward=bitwise_xor with n_rules=" + nRules;
    int trunkRank = Gf2.rank(trunk, nVars);
    for (int attempt = 0; attempt < 8; attempt++) {
      long[][] s = Gf2.randomFullRank(kSelect, nVars, headSeed.getAsLong() + attempt * RULE_SEED_STRIDE, what);
      if (Gf2.rank(Gf2.concat(trunk, s), nVars) == trunkRank + kSelect) {
        return s;
      }
    }
    throw new IllegalArgumentException(what + ": no selector independent of the trunk in 8 draws from head_seed="
        + headSeed.getAsLong() + " (trunk rank " + trunkRank + ", " + kSelect + " selector rows, " + nVars
        + " bits); change head_seed");
  }

  /** The head matrix at every head bit-plane: for each plane, {@code head_check_count} rows. */
  private long[][] headRows() {
    int m = dims.length;
    if (headCheckCount > m) {
      throw new IllegalArgumentException(owner + ": head_check_count=" + headCheckCount + " exceeds the " + m
          + " constrained dimensions; expected at most " + m);
    }
    long[][] a = Gf2.randomFullRank(headCheckCount, m, headSeed.getAsLong() + RULE_SEED_STRIDE,
        owner + ": reward=bitwise_xor head");
    int planes = headBitRange[1] - headBitRange[0] + 1;
    long[][] rows = new long[headCheckCount * planes][];
    int row = 0;
    for (int k = headBitRange[0]; k <= headBitRange[1]; k++) {
      for (int r = 0; r < headCheckCount; r++) {
        rows[row] = Gf2.row(nVars);
        for (int d = 0; d < m; d++) {
          if (Gf2.get(a[r], d) == 1) {
            Gf2.set(rows[row], d * bits + k);
          }
        }
        row++;
      }
    }
    return rows;
  }

  /** Per rule, {@code head . b_rule} with {@code b_rule} torchgfn's witness of trunk and selector for that rule. */
  private int[][] headTargets() {
    long[][] system = Gf2.concat(trunk, selector);
    int[][] targets = new int[nRules][head.length];
    for (int rule = 0; rule < nRules; rule++) {
      long[] witness = Gf2.witness(system, Gf2.concat(trunkC, selectorBits(rule)), nVars);
      if (witness == null) {
        throw new IllegalArgumentException(owner + ": reward=bitwise_xor rule " + rule + " has no solution under "
            + "the trunk and selector; reduce the parity checks or change head_seed");
      }
      for (int r = 0; r < head.length; r++) {
        targets[rule][r] = Gf2.dot(head[r], witness);
      }
    }
    return targets;
  }

  /** The selector's target bits for a value (a rule's index): bit {@code i} of {@code value}. */
  private int[] selectorBits(int value) {
    int[] out = new int[kSelect];
    for (int i = 0; i < kSelect; i++) {
      out[i] = (value >>> i) & 1;
    }
    return out;
  }

  // ---- evaluation ------------------------------------------------------------------------------------------

  private long[] bitVector(int[] state) {
    long[] b = Gf2.row(nVars);
    for (int d = 0; d < dims.length; d++) {
      int v = state[dims[d]];
      for (int k = 0; k < bits; k++) {
        if (((v >>> k) & 1) != 0) {
          Gf2.set(b, d * bits + k);
        }
      }
    }
    return b;
  }

  private static boolean satisfied(long[][] rows, int[] c, int from, int to, long[] b) {
    for (int r = from; r < to; r++) {
      if (Gf2.dot(rows[r], b) != c[r]) {
        return false;
      }
    }
    return true;
  }

  /** The state's rule: {@code sum_i (S_i . b) 2^i mod K}. */
  private int rule(long[] b) {
    int packed = 0;
    for (int i = 0; i < kSelect; i++) {
      packed |= Gf2.dot(selector[i], b) << i;
    }
    return packed % nRules;
  }
}
