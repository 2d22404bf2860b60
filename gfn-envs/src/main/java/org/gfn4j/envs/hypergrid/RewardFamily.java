package org.gfn4j.envs.hypergrid;

import static org.gfn4j.envs.hypergrid.HyperGridProvider.ACTIVE_DIMS;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.BASE;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.BASE_REWARD;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.BITS_PER_TIER;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.COPRIME_PAIRS;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.COPRIME_START_TIER;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.CORRUPTION_RATE;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.CORRUPTION_SEED;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.CROSS_DIM_MODS;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.DIMS_CONSTRAINED;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.EXPONENT_CAPS;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.FILTER_SHIFT;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.FILTER_WIDTH;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.HEAD_BIT_RANGE;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.HEAD_CHECK_COUNT;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.HEAD_SEED;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.HEAD_WEIGHT;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.MODE_GAMMA;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.MODE_PROB;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.N_RULES;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.PARITY_CHECKS;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.PRIMES;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.R0;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.R1;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.R2;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.RULE_TARGETS;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.R_MODE;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.SEED;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.TARGET_LCMS;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.TIER_WEIGHTS;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;

/**
 * The HyperGrid reward families, by the value of the {@code reward} parameter (torchgfn's {@code reward_fn_str}),
 * each with the reward keys it reads; a reward key the chosen family does not read must keep its default.
 */
enum RewardFamily {
  ORIGINAL(List.of(R0, R1, R2)) {
    @Override
    GridReward build(Parameters p, int ndim, int height) {
      return new OriginalReward(ndim, height, p.getDouble(R0), p.getDouble(R1), p.getDouble(R2));
    }
  },
  COSINE(List.of(R0, R1, MODE_GAMMA)) {
    @Override
    GridReward build(Parameters p, int ndim, int height) {
      return new CosineReward(p.owner(), ndim, height, p.getDouble(R0), p.getDouble(R1), p.getDouble(MODE_GAMMA));
    }
  },
  SPARSE(List.of()) {
    @Override
    GridReward build(Parameters p, int ndim, int height) {
      return new SparseReward(ndim, height);
    }
  },
  DECEPTIVE(List.of(R0, R1, R2)) {
    @Override
    GridReward build(Parameters p, int ndim, int height) {
      return new DeceptiveReward(p.owner(), ndim, height, p.getDouble(R0), p.getDouble(R1), p.getDouble(R2));
    }
  },
  UNIFORM_RANDOM(List.of(R0, R_MODE, MODE_PROB, SEED)) {
    @Override
    GridReward build(Parameters p, int ndim, int height) {
      return new UniformRandomReward(p.owner(), p.getDouble(R0), p.getDouble(R_MODE), p.getDouble(MODE_PROB),
          p.getInt(SEED));
    }
  },
  BITWISE_XOR(List.of(R0, TIER_WEIGHTS, DIMS_CONSTRAINED, BITS_PER_TIER, PARITY_CHECKS, N_RULES, HEAD_CHECK_COUNT,
      HEAD_SEED, HEAD_WEIGHT, HEAD_BIT_RANGE)) {
    @Override
    GridReward build(Parameters p, int ndim, int height) {
      return new BitwiseXorReward(p, ndim, height);
    }
  },
  MULTIPLICATIVE_COPRIME(List.of(R0, TIER_WEIGHTS, PRIMES, EXPONENT_CAPS, ACTIVE_DIMS, COPRIME_PAIRS,
      COPRIME_START_TIER, TARGET_LCMS, N_RULES, HEAD_SEED, RULE_TARGETS)) {
    @Override
    GridReward build(Parameters p, int ndim, int height) {
      return new MultiplicativeCoprimeReward(p, ndim, height);
    }
  },
  CONDITIONAL_MULTISCALE(List.of(R0, TIER_WEIGHTS, BASE, FILTER_WIDTH, SEED, FILTER_SHIFT, ACTIVE_DIMS, N_RULES,
      HEAD_SEED, CROSS_DIM_MODS)) {
    @Override
    GridReward build(Parameters p, int ndim, int height) {
      return new ConditionalMultiscaleReward(p, ndim, height);
    }
  },
  /** Its keys are its own and those of the tiered base it reads ({@code base_reward}). */
  CORRUPTED(List.of(BASE_REWARD, CORRUPTION_RATE, CORRUPTION_SEED)) {
    @Override
    List<String> keysRead(Parameters p) {
      Set<String> keys = new LinkedHashSet<>(ownKeys());
      keys.addAll(base(p).keysRead(p));
      return List.copyOf(keys);
    }

    @Override
    String describeChoice(Parameters p) {
      return key() + " with base_reward=" + base(p).key();
    }

    @Override
    GridReward build(Parameters p, int ndim, int height) {
      TieredReward base = (TieredReward) base(p).build(p, ndim, height);
      return new CorruptedReward(p.owner(), base, p.getDouble(CORRUPTION_RATE), p.getInt(CORRUPTION_SEED), ndim,
          height);
    }

    private RewardFamily base(Parameters p) {
      return valueOf(p.getString(BASE_REWARD).toUpperCase(Locale.ROOT));
    }
  };

  /**
   * The tiered families the corrupted one accepts as {@code base_reward}: torchgfn's fallback for the others scores a
   * state by the mode fraction of its batch, which is no reward of the state.
   */
  static final String[] CORRUPTIBLE = {"bitwise_xor", "multiplicative_coprime", "conditional_multiscale"};

  /** Every reward key, in the order the families first read them. */
  static final List<String> REWARD_KEYS = Arrays.stream(values()).flatMap(f -> f.keys.stream()).distinct().toList();

  private final List<String> keys;

  RewardFamily(List<String> keys) {
    this.keys = keys;
  }

  /** The keys this family declares (for corrupted, without those of its base). */
  List<String> ownKeys() {
    return keys;
  }

  /** The keys this family reads with these parameters (the corrupted family's depend on its base). */
  List<String> keysRead(Parameters parameters) {
    return keys;
  }

  /** The family as the refusal of a key names it ({@code "reward=corrupted with base_reward=bitwise_xor"}). */
  String describeChoice(Parameters parameters) {
    return key();
  }

  /** The value of the {@code reward} parameter that selects this family ({@code "uniform_random"}). */
  String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Every family's {@link #key}, in declaration order. */
  static String[] keys() {
    return Arrays.stream(values()).map(RewardFamily::key).toArray(String[]::new);
  }

  /** The family the {@code reward} parameter names. */
  static RewardFamily of(Parameters parameters) {
    return valueOf(parameters.getString(HyperGridProvider.REWARD).toUpperCase(Locale.ROOT));
  }

  /**
   * The family's reward for a grid of {@code ndim} dimensions of side {@code height}.
   *
   * @param declared the specs behind {@code parameters}, for the defaults of the keys this family does not read
   * @throws IllegalArgumentException naming the key if a key this family does not read was changed from its
   *     default, or if the family refuses its values
   */
  GridReward create(Parameters parameters, List<ParameterSpec> declared, int ndim, int height) {
    Map<String, String> values = parameters.asStrings();
    List<String> read = keysRead(parameters);
    for (ParameterSpec spec : declared) {
      String key = spec.name();
      if (REWARD_KEYS.contains(key) && !read.contains(key)
          && !values.get(key).equals(String.valueOf(spec.defaultValue()))) {
        throw new IllegalArgumentException(parameters.owner() + ": " + key + "=" + values.get(key)
            + " is not read by reward=" + describeChoice(parameters) + ", which takes "
            + (read.isEmpty() ? "no reward parameters" : String.join(", ", read)) + "; leave " + key
            + " out, or choose a reward that reads it (" + String.join(", ", readers(key)) + ")");
      }
    }
    return build(parameters, ndim, height);
  }

  abstract GridReward build(Parameters parameters, int ndim, int height);

  /** The families that read {@code key}: those declaring it, and corrupted for the keys of a tiered base. */
  private static List<String> readers(String key) {
    List<String> readers = new ArrayList<>();
    boolean tiered = false;
    for (RewardFamily family : values()) {
      if (family.keys.contains(key)) {
        readers.add(family.key());
        tiered |= Arrays.asList(CORRUPTIBLE).contains(family.key());
      }
    }
    if (tiered) {
      readers.add(CORRUPTED.key());
    }
    return readers;
  }
}
