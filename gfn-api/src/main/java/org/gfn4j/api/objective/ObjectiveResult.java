package org.gfn4j.api.objective;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A loss value and its gradient with respect to each estimator output the objective used.
 *
 * @param loss the scalar loss
 * @param gradients dLoss/dTerm for each declared term, laid out like the input
 */
public record ObjectiveResult(double loss, Map<Term, double[]> gradients) {
  public ObjectiveResult {
    gradients = Map.copyOf(requireNonNull(gradients, "gradients is null"));
  }

  /** The gradient with respect to {@code term}, or zeros of the given length if the loss does not depend on it. */
  public double[] gradient(Term term, int length) {
    double[] gradient = gradients.get(term);
    return gradient != null ? gradient : new double[length];
  }
}
