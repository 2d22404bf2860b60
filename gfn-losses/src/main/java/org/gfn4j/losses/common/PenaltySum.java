package org.gfn4j.losses.common;

import static java.util.Objects.requireNonNull;

import org.gfn4j.api.objective.ResidualPenalty;

/**
 * A running sum of weighted penalised residuals, {@code sum_k w_k penalty(r_k)}: the loss of every built-in
 * objective. Each {@link #add} returns the derivative of the sum with respect to that residual. Not thread-safe;
 * make one per evaluation.
 */
public final class PenaltySum {
  private final ResidualPenalty penalty;
  private double sum;

  /** An empty sum. */
  public PenaltySum(ResidualPenalty penalty) {
    this.penalty = requireNonNull(penalty, "penalty is null");
  }

  /** Adds {@code weight * penalty(residual)} and returns {@code weight * penalty'(residual)}. */
  public double add(double residual, double weight) {
    sum += weight * penalty.value(residual);
    return weight * penalty.derivative(residual);
  }

  /** The sum so far. */
  public double sum() {
    return sum;
  }
}
