package org.gfn4j.api.objective;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.DiscreteEnvironment;

/**
 * What an objective is evaluated on: a batch of trajectories and the estimator outputs it declared.
 *
 * @param trajectories the batch (its log-rewards are those of the reward in force)
 * @param values the declared {@link Term}s; arrays are read-only for the objective
 */
public record ObjectiveInput(Trajectories trajectories, Map<Term, double[]> values) {
  public ObjectiveInput {
    requireNonNull(trajectories, "trajectories is null");
    values = Map.copyOf(requireNonNull(values, "values is null"));
    int actions = trajectories.states().environment() instanceof DiscreteEnvironment discrete
        ? discrete.actionCount() : 0;
    for (Map.Entry<Term, double[]> entry : values.entrySet()) {
      if (entry.getKey().isDiscreteOnly() && actions == 0) {
        throw new IllegalArgumentException(entry.getKey() + " exists only for discrete environments, not for '"
            + trajectories.states().environment().name() + "'");
      }
      int expected = entry.getKey().length(trajectories.transitionCount(), trajectories.count(), actions);
      if (entry.getValue().length != expected) {
        throw new IllegalArgumentException(entry.getKey() + " has " + entry.getValue().length + " values, expected "
            + expected);
      }
    }
  }

  /** The values of {@code term}. */
  public double[] get(Term term) {
    double[] value = values.get(term);
    if (value == null) {
      throw new IllegalStateException("objective input has no " + term + "; declare it in Objective.inputs()");
    }
    return value;
  }
}
