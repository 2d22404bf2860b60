package org.gfn4j.envs.line;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.gfn4j.api.env.EnvironmentProvider;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;

/**
 * Provides {@link Line}, torchgfn's 1-D Gaussian-mixture line walked in a fixed number of Gaussian steps;
 * registered as {@code "line"}. Defaults are those of torchgfn's {@code tutorials/examples/train_line.py}.
 */
public final class LineProvider implements EnvironmentProvider {
  /** The provider name. */
  public static final String NAME = "line";
  /** Key of the means of the reward's Gaussians (comma-separated). */
  public static final String MUS = "mus";
  /** Key of the standard deviations of the reward's Gaussians (comma-separated). */
  public static final String SIGMAS = "sigmas";
  /** Key of the x coordinate of the initial state. */
  public static final String INIT_VALUE = "init_value";
  /** Key of the number of standard deviations bounding the domain. */
  public static final String N_SD = "n_sd";
  /** Key of the number of moves of every trajectory (torchgfn's {@code n_steps_per_trajectory}). */
  public static final String N_STEPS = "n_steps";
  /** Key of the smallest standard deviation the policy heads can output. */
  public static final String POLICY_STD_MIN = "policy_std_min";
  /** Key of the largest standard deviation the policy heads can output. */
  public static final String POLICY_STD_MAX = "policy_std_max";
  /** Key of the standard deviation added to the policy's when exploring with epsilon 1. */
  public static final String EXPLORATION_SCALE = "exploration_scale";

  static final String OWNER = "environment '" + NAME + "'";

  private static final List<ParameterSpec> PARAMETERS = List.of(
      ParameterSpec.text(MUS, "2,5", "means of the reward's Gaussians, comma-separated"),
      ParameterSpec.text(SIGMAS, "0.5,0.5", "standard deviations of the reward's Gaussians, comma-separated (> 0)"),
      ParameterSpec.real(INIT_VALUE, 0.0, -1e9, 1e9,
          "x of the initial state [init_value, 0]; must lie strictly inside the domain"),
      ParameterSpec.realAbove(N_SD, 4.5, 0, 1e6,
          "domain is [min(mus) - n_sd * max(sigmas), max(mus) + n_sd * max(sigmas)]"),
      ParameterSpec.integer(N_STEPS, 5, 1, 100_000,
          "moves per trajectory (n_steps_per_trajectory); the exit is forced after the last"),
      ParameterSpec.realAbove(POLICY_STD_MIN, 0.1, 0, 1e6, "smallest policy standard deviation (sigmoid floor)"),
      ParameterSpec.realAbove(POLICY_STD_MAX, 1.0, 0, 1e6,
          "largest policy standard deviation (sigmoid ceiling); above policy_std_min"),
      ParameterSpec.real(EXPLORATION_SCALE, 2.0, 0, 1e6,
          "std added to the policy's at epsilon 1 (train_line's exploration_var_starting_val)"));

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "1-D line with a Gaussian-mixture reward reached in a fixed number of Gaussian steps (torchgfn's Line)";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return PARAMETERS;
  }

  /**
   * Builds the line.
   *
   * @throws IllegalArgumentException naming the keys of an invalid combination: malformed or non-finite lists,
   *     lists of different lengths, a non-positive sigma, {@code init_value} outside the open domain, or
   *     {@code policy_std_min >= policy_std_max}
   */
  @Override
  public Line create(Parameters parameters) {
    return new Line(requireNonNull(parameters, "parameters is null"));
  }
}
