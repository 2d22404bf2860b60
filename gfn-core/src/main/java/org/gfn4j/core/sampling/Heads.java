package org.gfn4j.core.sampling;

import org.gfn4j.api.env.ActionBatch;
import org.gfn4j.api.env.States;
import org.gfn4j.api.env.StepEnvironment;
import org.gfn4j.api.env.LogProbabilities;

/**
 * An environment's policy heads and action mapping called on the common types ({@link States},
 * {@link ActionBatch}), for code that holds an environment only up to its kinds. The states must be the
 * environment's and the actions of its kind.
 */
public final class Heads {
  private Heads() {}

  /** The forward head's log-probabilities of {@code actions} at {@code states}. */
  public static <S extends States, A extends ActionBatch> LogProbabilities forward(StepEnvironment<S, A> environment,
      States states, double[] outputs, ActionBatch actions) {
    return environment.forwardHead().logProbabilities(environment.own(states), outputs, kind(environment, actions));
  }

  /** The backward head's log-probabilities of backward {@code actions} at {@code states}. */
  public static <S extends States, A extends ActionBatch> LogProbabilities backward(StepEnvironment<S, A> environment,
      States states, double[] outputs, ActionBatch actions) {
    return environment.backwardHead().logProbabilities(environment.own(states), outputs, kind(environment, actions));
  }

  /** The backward actions undoing non-exit {@code forward} actions taken at {@code states}, leading to {@code next}. */
  public static <S extends States, A extends ActionBatch> ActionBatch backwardActions(
      StepEnvironment<S, A> environment, States states, ActionBatch forward, States next) {
    return environment.backwardActions(environment.own(states), kind(environment, forward), environment.own(next));
  }

  @SuppressWarnings("unchecked")
  private static <A extends ActionBatch> A kind(StepEnvironment<?, A> environment, ActionBatch actions) {
    return (A) actions; // an environment's trajectories hold its own kind of actions
  }
}
