package org.gfn4j.api.objective;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;

/**
 * The penalty applied to a balance residual {@code t} before averaging (Hu et al., ICLR 2025, "Beyond squared
 * error"): squared {@code t^2}, half-squared {@code t^2/2}, shifted cosh {@code e^t + e^-t - 2} (t clamped to
 * ±80) and linex {@code (e^(a t) - a t - 1) / a^2}.
 *
 * @param kind which penalty
 * @param alpha the linex parameter (ignored by the others)
 */
public record ResidualPenalty(Kind kind, double alpha) {
  /** The penalty families. */
  public enum Kind {
    SQUARED, HALF_SQUARED, SHIFTED_COSH, LINEX
  }

  /** The squared penalty, the default of every objective. */
  public static final ResidualPenalty SQUARED = new ResidualPenalty(Kind.SQUARED, 1.0);

  /** Parameter choosing the penalty. */
  public static final ParameterSpec KIND_PARAMETER = ParameterSpec.choice("residual", "squared",
      "penalty on each residual", "squared", "half_squared", "shifted_cosh", "linex");

  /** Parameter of the linex penalty. */
  public static final ParameterSpec ALPHA_PARAMETER = ParameterSpec.real("linex_alpha", 1.0, 1e-6, 100,
      "alpha of the linex penalty (1 = forward KL, 0.5 = balanced)");

  /** Both parameters, for an objective's declared list. */
  public static final List<ParameterSpec> PARAMETERS = List.of(KIND_PARAMETER, ALPHA_PARAMETER);

  private static final double COSH_CLAMP = 80;

  public ResidualPenalty {
    requireNonNull(kind, "kind is null");
    if (!(alpha > 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("residual penalty alpha must be positive and finite, got " + alpha);
    }
  }

  /** The penalty selected by {@link #PARAMETERS} in an objective's parameters. */
  public static ResidualPenalty from(Parameters parameters) {
    Kind kind = Kind.valueOf(parameters.getString(KIND_PARAMETER.name()).toUpperCase(java.util.Locale.ROOT));
    return new ResidualPenalty(kind, parameters.getDouble(ALPHA_PARAMETER.name()));
  }

  /** The penalty of residual {@code t}. */
  public double value(double t) {
    return switch (kind) {
      case SQUARED -> t * t;
      case HALF_SQUARED -> 0.5 * t * t;
      case SHIFTED_COSH -> {
        double c = clamp(t);
        yield Math.exp(c) + Math.exp(-c) - 2;
      }
      case LINEX -> (Math.expm1(alpha * t) - alpha * t) / (alpha * alpha);
    };
  }

  /** The derivative of {@link #value} at {@code t}. */
  public double derivative(double t) {
    return switch (kind) {
      case SQUARED -> 2 * t;
      case HALF_SQUARED -> t;
      case SHIFTED_COSH -> Math.abs(t) > COSH_CLAMP ? 0 : Math.exp(t) - Math.exp(-t);
      case LINEX -> Math.expm1(alpha * t) / alpha;
    };
  }

  private static double clamp(double t) {
    return Math.max(-COSH_CLAMP, Math.min(COSH_CLAMP, t));
  }
}
