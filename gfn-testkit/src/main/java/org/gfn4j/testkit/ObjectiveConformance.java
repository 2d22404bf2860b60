package org.gfn4j.testkit;

import static java.util.Objects.requireNonNull;
import static org.gfn4j.testkit.Checks.require;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.objective.Objective;
import org.gfn4j.api.objective.ObjectiveInput;
import org.gfn4j.api.objective.ObjectiveResult;
import org.gfn4j.api.objective.Term;

/**
 * The contract of an {@link Objective}'s gradients, checked by central finite differences.
 *
 * <pre>{@code
 * @Test
 * void gradients_matchFiniteDifferences() {
 *   ObjectiveConformance.checkGradients(objective, input, 1e-6, 1e-6);
 * }
 * }</pre>
 *
 * <p>Every failure is an {@link AssertionError} naming the objective, the term and the index.
 */
public final class ObjectiveConformance {
  private ObjectiveConformance() {}

  /**
   * Evaluates {@code objective} on {@code input} and checks that:
   * <ul>
   *   <li>the loss is finite and the input arrays are left unchanged;</li>
   *   <li>a gradient is returned for every declared differentiable term, with the term's length
   *       ({@link Term#length}), and for no other term;</li>
   *   <li>at every finite entry of every such term, the gradient is finite and within
   *       {@code tolerance * max(1, |numeric|)} of the central difference
   *       {@code (L(x + h) - L(x - h)) / (2 h)}. Entries that are {@code -inf} or NaN (masked actions, missing
   *       parents) are skipped.</li>
   * </ul>
   *
   * @param h the finite-difference step (for example {@code 1e-6})
   * @param tolerance the relative tolerance (for example {@code 1e-6})
   */
  public static void checkGradients(Objective objective, ObjectiveInput input, double h, double tolerance) {
    requireNonNull(objective, "objective is null");
    requireNonNull(input, "input is null");
    if (!(h > 0) || !(tolerance > 0)) {
      throw new IllegalArgumentException("h and tolerance must be positive, got " + h + " and " + tolerance);
    }
    Map<Term, double[]> values = new HashMap<>();
    for (Term term : objective.inputs()) {
      values.put(term, input.get(term).clone());
    }
    ObjectiveResult result = objective.evaluate(input);
    require(Double.isFinite(result.loss()), () -> objective + ": loss is " + result.loss());
    for (Term term : objective.inputs()) {
      int changed = Arrays.mismatch(values.get(term), input.get(term));
      require(changed < 0, () -> objective + " modified its input " + term + " at index " + changed);
    }
    for (Term term : result.gradients().keySet()) {
      require(term.isDifferentiable() && objective.inputs().contains(term), () -> objective
          + " returned a gradient for " + term + ", which is not a declared differentiable input");
    }
    int transitions = input.trajectories().transitionCount();
    int trajectories = input.trajectories().count();
    int actions = input.trajectories().states().environment() instanceof DiscreteEnvironment discrete
        ? discrete.actionCount() : 0;
    for (Term term : objective.inputs()) {
      if (!term.isDifferentiable()) {
        continue;
      }
      double[] gradient = result.gradients().get(term);
      require(gradient != null, () -> objective + " returned no gradient for its declared input " + term);
      int length = term.length(transitions, trajectories, actions);
      require(gradient.length == length, () -> objective + ": gradient of " + term + " has " + gradient.length
          + " entries, expected " + length);
      for (int index = 0; index < length; index++) {
        checkEntry(objective, values, term, index, gradient[index], input, h, tolerance);
      }
    }
  }

  private static void checkEntry(Objective objective, Map<Term, double[]> values, Term term, int index,
      double analytic, ObjectiveInput input, double h, double tolerance) {
    double x = values.get(term)[index];
    if (!Double.isFinite(x)) {
      return;
    }
    double plus = lossWith(objective, values, term, index, x + h, input);
    double minus = lossWith(objective, values, term, index, x - h, input);
    double numeric = (plus - minus) / (2 * h);
    require(Double.isFinite(analytic) && Math.abs(analytic - numeric) <= tolerance * Math.max(1, Math.abs(numeric)),
        () -> objective + ": dLoss/d" + term + "[" + index + "] is " + analytic + " but central differences (h="
            + h + ") give " + numeric);
  }

  private static double lossWith(Objective objective, Map<Term, double[]> values, Term term, int index,
      double value, ObjectiveInput input) {
    Map<Term, double[]> perturbed = new HashMap<>(values);
    double[] array = values.get(term).clone();
    array[index] = value;
    perturbed.put(term, array);
    return objective.evaluate(new ObjectiveInput(input.trajectories(), perturbed)).loss();
  }
}
