package org.gfn4j.envs.hypergrid;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.gfn4j.api.env.EnvironmentProvider;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;

/**
 * Provides {@link HyperGrid}, the D-dimensional grid of side H with one of torchgfn's reward families (parameter
 * {@code reward}: original, the default, cosine, sparse, deceptive, uniform_random); registered as
 * {@code "hypergrid"}. Each family reads its own keys, named as torchgfn names them; a key the chosen family does not
 * read must keep its default.
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
  /** Key of the uniform_random reward's hash seed (torchgfn's {@code seed}). */
  public static final String SEED = "seed";

  static final String OWNER = "environment '" + NAME + "'";

  static final List<ParameterSpec> PARAMETERS = List.of(
      ParameterSpec.integer(NDIM, 2, 1, 32, "number of dimensions D"),
      ParameterSpec.integer(HEIGHT, 8, 2, 1024, "side length H: each coordinate takes values 0..H-1"),
      ParameterSpec.real(R0, 0.1, 0, Double.POSITIVE_INFINITY,
          "base reward R0 of every state (original, cosine, deceptive, uniform_random)"),
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
              + "(Adaptive Teachers), uniform_random (hashed random modes)",
          RewardFamily.keys()),
      ParameterSpec.real(MODE_GAMMA, 0.8, 0, 1,
          "cosine: a mode has R >= R0 + (mode_gamma * 2/sqrt(2 pi))^D * R1"),
      ParameterSpec.realAbove(R_MODE, 2.0, 0, Double.POSITIVE_INFINITY,
          "uniform_random: reward added on the modes"),
      ParameterSpec.realAbove(MODE_PROB, 0.01, 0, 1,
          "uniform_random: probability that a state is a mode, in (0, 1)"),
      ParameterSpec.integer(SEED, 42, Integer.MIN_VALUE, Integer.MAX_VALUE,
          "uniform_random: seed of the hash that places the modes"));

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "D-dimensional grid of side H with a multi-modal reward (Bengio et al. 2021): torchgfn's 'original' by "
        + "default, or its cosine, sparse, deceptive or uniform_random families";
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
