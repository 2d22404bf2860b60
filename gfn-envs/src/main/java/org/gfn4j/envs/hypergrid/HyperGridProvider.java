package org.gfn4j.envs.hypergrid;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.gfn4j.api.env.EnvironmentProvider;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;

/**
 * Provides {@link HyperGrid}, the D-dimensional grid of side H with torchgfn's "original" reward; registered as
 * {@code "hypergrid"}.
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

  static final String OWNER = "environment '" + NAME + "'";

  private static final List<ParameterSpec> PARAMETERS = List.of(
      ParameterSpec.integer(NDIM, 2, 1, 32, "number of dimensions D"),
      ParameterSpec.integer(HEIGHT, 8, 2, 1024, "side length H: each coordinate takes values 0..H-1"),
      ParameterSpec.real(R0, 0.1, 0, Double.POSITIVE_INFINITY, "base reward R0 of every state"),
      ParameterSpec.real(R1, 0.5, 0, Double.POSITIVE_INFINITY,
          "reward R1 added where every coordinate has |x/(H-1) - 0.5| > 0.25"),
      ParameterSpec.real(R2, 2.0, 0, Double.POSITIVE_INFINITY,
          "reward R2 added where every coordinate has 0.3 < |x/(H-1) - 0.5| < 0.4"),
      ParameterSpec.choice(ENCODING, "khot",
          "state features: khot (one-hot per dimension, H*D), onehot (one per state, H^D), identity (D)",
          "khot", "onehot", "identity"));

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "D-dimensional grid of side H with a multi-modal reward (Bengio et al. 2021, torchgfn's 'original')";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return PARAMETERS;
  }

  /**
   * Builds the grid.
   *
   * @throws IllegalArgumentException naming the keys of an invalid combination: every reward zero, a non-finite
   *     reward, or {@code encoding=onehot} with more than {@value HyperGrid#MAX_ONEHOT_STATES} states
   */
  @Override
  public HyperGrid create(Parameters parameters) {
    return new HyperGrid(requireNonNull(parameters, "parameters is null"));
  }
}
