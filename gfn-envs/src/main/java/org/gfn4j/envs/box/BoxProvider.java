package org.gfn4j.envs.box;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.gfn4j.api.env.EnvironmentProvider;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;

/**
 * Provides {@link Box}, torchgfn's continuous box {@code BoxCartesian} with its Beta-mixture policy heads;
 * registered as {@code "box"}. Defaults follow torchgfn (src/gfn/gym/box.py, tutorials/examples/train_box.py).
 */
public final class BoxProvider implements EnvironmentProvider {
  /** The provider name. */
  public static final String NAME = "box";
  /** Key of the minimum increment per coordinate of a forward step after the first. */
  public static final String DELTA = "delta";
  /** Key of the base reward R0. */
  public static final String R0 = "r0";
  /** Key of the outer-region reward R1. */
  public static final String R1 = "r1";
  /** Key of the band reward R2. */
  public static final String R2 = "r2";
  /** Key of the tolerance of the step checks. */
  public static final String EPSILON = "epsilon";
  /** Key of the number of Beta components per coordinate. */
  public static final String N_COMPONENTS = "n_components";
  /** Key of the smallest Beta concentration. */
  public static final String MIN_CONCENTRATION = "min_concentration";
  /** Key of the largest Beta concentration. */
  public static final String MAX_CONCENTRATION = "max_concentration";

  static final String OWNER = "environment '" + NAME + "'";

  private static final List<ParameterSpec> PARAMETERS = List.of(
      ParameterSpec.realAbove(DELTA, 0.1, 0, 1,
          "minimum increment of every coordinate in a forward step after the first (torchgfn's delta)"),
      ParameterSpec.real(R0, 0.1, 0, Double.POSITIVE_INFINITY, "base reward R0 of every point"),
      ParameterSpec.real(R1, 0.5, 0, Double.POSITIVE_INFINITY,
          "reward R1 added where both coordinates have |x - 0.5| > 0.25"),
      ParameterSpec.real(R2, 2.0, 0, Double.POSITIVE_INFINITY,
          "reward R2 added where both coordinates have 0.3 < |x - 0.5| < 0.4"),
      ParameterSpec.real(EPSILON, 1e-10, 0, 0.01,
          "tolerance of the range checks of step, backwardStep and the heads (train_box.py's 1e-10)"),
      ParameterSpec.integer(N_COMPONENTS, 2, 1, 64, "number of Beta components of each coordinate's mixture"),
      ParameterSpec.realAbove(MIN_CONCENTRATION, 0.1, 0, 1e6, "smallest Beta concentration (alpha and beta)"),
      ParameterSpec.realAbove(MAX_CONCENTRATION, 100.0, 0, 1e6, "largest Beta concentration (alpha and beta)"));

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "continuous unit square with Cartesian steps and a multi-modal reward (torchgfn's Box, Lahlou et al. "
        + "2023), with Beta-mixture policy heads";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return PARAMETERS;
  }

  /**
   * Builds the box.
   *
   * @throws IllegalArgumentException naming the keys of an invalid combination: every reward zero, a non-finite
   *     reward, or {@code min_concentration > max_concentration}
   */
  @Override
  public Box create(Parameters parameters) {
    return new Box(requireNonNull(parameters, "parameters is null"));
  }
}
