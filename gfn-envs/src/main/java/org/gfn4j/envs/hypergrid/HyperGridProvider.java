package org.gfn4j.envs.hypergrid;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.gfn4j.api.env.EnvironmentProvider;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;

/**
 * Provides {@link HyperGrid}, the D-dimensional grid of side H with one of torchgfn's reward families (parameter
 * {@code reward}: original, the default, cosine, sparse, deceptive, uniform_random, and the tiered compositional
 * families bitwise_xor, multiplicative_coprime, conditional_multiscale and their corrupted variant); registered as
 * {@code "hypergrid"}. Each family reads its own keys, named as torchgfn names them in {@code reward_fn_kwargs}; a key
 * the chosen family does not read must keep its default. List-valued keys are text, comma-separated
 * ({@code tier_weights=1,10,100}); {@code none} stands for torchgfn's {@code None} in a list, and an empty value
 * (the default of the optional ones) for an absent key.
 */
public final class HyperGridProvider implements EnvironmentProvider {
  /** The provider name. */
  public static final String NAME = "hypergrid";
  /** Key of the number of dimensions D. */
  public static final String NDIM = "ndim";
  /** Key of the side length H. */
  public static final String HEIGHT = "height";
  /** Key of the base reward R0. */
  public static final String R0 = "r0";
  /** Key of the outer-region reward R1. */
  public static final String R1 = "r1";
  /** Key of the band reward R2. */
  public static final String R2 = "r2";
  /** Key of the state encoding. */
  public static final String ENCODING = "encoding";
  /** Key of the reward family (torchgfn's {@code reward_fn_str}). */
  public static final String REWARD = "reward";
  /** Key of the cosine reward's mode closeness (torchgfn's {@code mode_gamma}). */
  public static final String MODE_GAMMA = "mode_gamma";
  /** Key of the uniform_random reward's mode bonus (torchgfn's {@code R_mode}). */
  public static final String R_MODE = "r_mode";
  /** Key of the uniform_random reward's mode probability (torchgfn's {@code mode_prob}). */
  public static final String MODE_PROB = "mode_prob";
  /**
   * Key of the uniform_random reward's hash seed and of the conditional_multiscale reward's shift-coefficient seed
   * (torchgfn's {@code seed} of both).
   */
  public static final String SEED = "seed";
  /** Key of the tiered rewards' per-tier weights (torchgfn's {@code tier_weights}). */
  public static final String TIER_WEIGHTS = "tier_weights";
  /** Key of the bitwise_xor reward's constrained dimensions (torchgfn's {@code dims_constrained}). */
  public static final String DIMS_CONSTRAINED = "dims_constrained";
  /** Key of the bitwise_xor reward's bit range per tier (torchgfn's {@code bits_per_tier}). */
  public static final String BITS_PER_TIER = "bits_per_tier";
  /** Key of the bitwise_xor reward's parity systems per tier (torchgfn's {@code parity_checks}). */
  public static final String PARITY_CHECKS = "parity_checks";
  /** Key of the tiered rewards' number of rules K (torchgfn's {@code n_rules}). */
  public static final String N_RULES = "n_rules";
  /** Key of the bitwise_xor reward's parity checks per head bit-plane (torchgfn's {@code head_check_count}). */
  public static final String HEAD_CHECK_COUNT = "head_check_count";
  /** Key of the tiered rewards' seed of the K-rule structure (torchgfn's {@code head_seed}). */
  public static final String HEAD_SEED = "head_seed";
  /** Key of the bitwise_xor reward's head bonus (torchgfn's {@code head_weight}). */
  public static final String HEAD_WEIGHT = "head_weight";
  /** Key of the bitwise_xor reward's head bit-planes (torchgfn's {@code head_bit_range}). */
  public static final String HEAD_BIT_RANGE = "head_bit_range";
  /** Key of the multiplicative_coprime reward's allowed primes (torchgfn's {@code primes}). */
  public static final String PRIMES = "primes";
  /** Key of the multiplicative_coprime reward's exponent cap per tier (torchgfn's {@code exponent_caps}). */
  public static final String EXPONENT_CAPS = "exponent_caps";
  /** Key of the constrained dimensions of multiplicative_coprime and conditional_multiscale ({@code active_dims}). */
  public static final String ACTIVE_DIMS = "active_dims";
  /** Key of the multiplicative_coprime reward's coprime dimension pairs (torchgfn's {@code coprime_pairs}). */
  public static final String COPRIME_PAIRS = "coprime_pairs";
  /** Key of the multiplicative_coprime reward's first coprime tier (torchgfn's {@code coprime_start_tier}). */
  public static final String COPRIME_START_TIER = "coprime_start_tier";
  /** Key of the multiplicative_coprime reward's LCM target per tier (torchgfn's {@code target_lcms}). */
  public static final String TARGET_LCMS = "target_lcms";
  /** Key of the multiplicative_coprime reward's LCM target per rule (torchgfn's {@code rule_targets}). */
  public static final String RULE_TARGETS = "rule_targets";
  /** Key of the conditional_multiscale reward's digit base (torchgfn's {@code base}). */
  public static final String BASE = "base";
  /** Key of the conditional_multiscale reward's passing digits per tier (torchgfn's {@code filter_width}). */
  public static final String FILTER_WIDTH = "filter_width";
  /** Key of the conditional_multiscale reward's constant filter shift per tier (torchgfn's {@code filter_shift}). */
  public static final String FILTER_SHIFT = "filter_shift";
  /** Key of the conditional_multiscale reward's cross-dimensional moduli (torchgfn's {@code cross_dim_mods}). */
  public static final String CROSS_DIM_MODS = "cross_dim_mods";
  /** Key of the corrupted reward's tiered base family (torchgfn's {@code base_reward}). */
  public static final String BASE_REWARD = "base_reward";
  /** Key of the corrupted reward's demotion rate per tier (torchgfn's {@code corruption_rate}). */
  public static final String CORRUPTION_RATE = "corruption_rate";
  /**
   * Key of the corrupted reward's hash seed: torchgfn's {@code seed} of {@code CorruptedReward}, renamed because
   * gfn4j's keys are flat and {@link #SEED} is the base's (torchgfn's {@code base_kwargs["seed"]}).
   */
  public static final String CORRUPTION_SEED = "corruption_seed";

  static final String OWNER = "environment '" + NAME + "'";

  static final List<ParameterSpec> PARAMETERS = List.of(
      ParameterSpec.integer(NDIM, 2, 1, 32, "number of dimensions D"),
      ParameterSpec.integer(HEIGHT, 8, 2, 1024, "side length H: each coordinate takes values 0..H-1"),
      ParameterSpec.real(R0, 0.1, 0, Double.POSITIVE_INFINITY,
          "base reward R0 of every state (every family but sparse; torchgfn's HyperGrid default 0.1, where the "
              + "tiered classes' own default is 0)"),
      ParameterSpec.real(R1, 0.5, 0, Double.POSITIVE_INFINITY,
          "original: R1 added where every |x/(H-1) - 0.5| > 0.25; cosine: weight of the cosine product; "
              + "deceptive: R1 added where some |x/(H-1) - 0.5| <= 0.1 (torchgfn's class default 0.1)"),
      ParameterSpec.real(R2, 2.0, 0, Double.POSITIVE_INFINITY,
          "original, deceptive: R2 added where every coordinate has 0.3 < |x/(H-1) - 0.5| < 0.4"),
      ParameterSpec.choice(ENCODING, "khot",
          "state features: khot (one-hot per dimension, H*D), onehot (one per state, H^D), identity (D)",
          "khot", "onehot", "identity"),
      ParameterSpec.choice(REWARD, "original",
          "reward family (torchgfn's reward_fn_str): original, cosine, sparse (GAFN targets), deceptive "
              + "(Adaptive Teachers), uniform_random (hashed random modes), bitwise_xor (GF(2) parity tiers), "
              + "multiplicative_coprime (prime-support tiers), conditional_multiscale (base-B digit tiers), "
              + "corrupted (a tiered family with hashed per-tier demotions and promotions)",
          RewardFamily.keys()),
      ParameterSpec.real(MODE_GAMMA, 0.8, 0, 1,
          "cosine: a mode has R >= R0 + (mode_gamma * 2/sqrt(2 pi))^D * R1"),
      ParameterSpec.realAbove(R_MODE, 2.0, 0, Double.POSITIVE_INFINITY,
          "uniform_random: reward added on the modes"),
      ParameterSpec.realAbove(MODE_PROB, 0.01, 0, 1,
          "uniform_random: probability that a state is a mode, in (0, 1)"),
      ParameterSpec.integer(SEED, 42, Integer.MIN_VALUE, Integer.MAX_VALUE,
          "uniform_random: seed of the hash that places the modes; conditional_multiscale: seed of the shift "
              + "coefficients"),
      ParameterSpec.text(TIER_WEIGHTS, "1,10,100",
          "bitwise_xor, multiplicative_coprime, conditional_multiscale: weight (>= 0) of each tier, comma-separated; "
              + "R = R0 + sum_t w_t [tiers 0..t pass]"),
      ParameterSpec.text(DIMS_CONSTRAINED, "",
          "bitwise_xor: the dimensions the parity checks read, comma-separated (empty: all)"),
      ParameterSpec.text(BITS_PER_TIER, "0:5,0:7,0:9",
          "bitwise_xor: inclusive bit-plane range lo:hi of each tier, hi capped to ceil(log2 H) - 1"),
      ParameterSpec.text(PARITY_CHECKS, "",
          "bitwise_xor: per tier, separated by ';': checks a1..aM=c separated by ',', 'even' (one even-parity "
              + "check, torchgfn's None) or 'empty' (no check); empty: even parity at every tier"),
      ParameterSpec.integer(N_RULES, 1, 1, 65_536,
          "bitwise_xor, multiplicative_coprime, conditional_multiscale: number of rules K a selector picks from"),
      ParameterSpec.integer(HEAD_CHECK_COUNT, 0, 0, 32,
          "bitwise_xor: parity checks of each rule's head per head bit-plane"),
      ParameterSpec.text(HEAD_SEED, "",
          "bitwise_xor, multiplicative_coprime: seed of the K-rule selector and heads (needed for K > 1); "
              + "conditional_multiscale: seed of the per-rule shifts (empty: seed)"),
      ParameterSpec.real(HEAD_WEIGHT, 0, 0, Double.POSITIVE_INFINITY,
          "bitwise_xor: reward added where every tier and the state's rule head pass"),
      ParameterSpec.text(HEAD_BIT_RANGE, "",
          "bitwise_xor: inclusive bit-plane range lo:hi of the heads (empty: all bit-planes)"),
      ParameterSpec.text(PRIMES, "2,3,5",
          "multiplicative_coprime: allowed primes, comma-separated; those above H are dropped"),
      ParameterSpec.text(EXPONENT_CAPS, "",
          "multiplicative_coprime: exponent cap of each tier, capped to floor(log_p H) (empty: 2 per tier)"),
      ParameterSpec.text(ACTIVE_DIMS, "",
          "multiplicative_coprime, conditional_multiscale: the constrained dimensions, comma-separated (empty: all)"),
      ParameterSpec.text(COPRIME_PAIRS, "",
          "multiplicative_coprime: pairs i:j of active dimensions that must be coprime, comma-separated"),
      ParameterSpec.integer(COPRIME_START_TIER, 0, 0, 1024,
          "multiplicative_coprime: first tier at which coprime_pairs apply"),
      ParameterSpec.text(TARGET_LCMS, "",
          "multiplicative_coprime: LCM target of each tier over the active dimensions: an integer, auto or none "
              + "(empty: none at every tier)"),
      ParameterSpec.text(RULE_TARGETS, "",
          "multiplicative_coprime: top-tier LCM target of each of the n_rules rules, an integer or none (empty: "
              + "drawn from head_seed if given, else the top tier's target)"),
      ParameterSpec.integer(BASE, 4, 2, 1024,
          "conditional_multiscale: digit base B; H must be a power of B"),
      ParameterSpec.text(FILTER_WIDTH, "",
          "conditional_multiscale: passing values f of each constrained digit, in [1, B] (empty: B / 2)"),
      ParameterSpec.text(FILTER_SHIFT, "",
          "conditional_multiscale: constant shift of each tier's filter, comma-separated (empty: 0 per tier)"),
      ParameterSpec.text(CROSS_DIM_MODS, "",
          "conditional_multiscale: modulus m_t (>= 2, dividing f) or none of each tier: the tier's digits must sum "
              + "to 0 mod m_t (empty: none)"),
      ParameterSpec.choice(BASE_REWARD, "conditional_multiscale",
          "corrupted: the tiered family it corrupts, read with that family's keys",
          RewardFamily.CORRUPTIBLE),
      ParameterSpec.real(CORRUPTION_RATE, 0.2, 0, 1,
          "corrupted: fraction of each tier's passing states demoted, in [0, 1); as many promoted in expectation"),
      ParameterSpec.integer(CORRUPTION_SEED, 137, Integer.MIN_VALUE, Integer.MAX_VALUE,
          "corrupted: seed of the demotion and promotion hashes (torchgfn's seed of CorruptedReward)"));

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "D-dimensional grid of side H with a multi-modal reward (Bengio et al. 2021): torchgfn's 'original' by "
        + "default, or its cosine, sparse, deceptive, uniform_random, bitwise_xor, multiplicative_coprime, "
        + "conditional_multiscale or corrupted families";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return PARAMETERS;
  }

  /**
   * Builds the grid.
   *
   * @throws IllegalArgumentException naming the keys of an invalid combination: every reward zero, a non-finite
   *     reward, a reward key the chosen family does not read set away from its default, or {@code encoding=onehot}
   *     with more than {@value HyperGrid#MAX_ONEHOT_STATES} states
   */
  @Override
  public HyperGrid create(Parameters parameters) {
    return new HyperGrid(requireNonNull(parameters, "parameters is null"));
  }
}
