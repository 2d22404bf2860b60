package org.gfn4j.api.env;

/**
 * A continuous environment: states are real vectors of width {@link #stateDim()} and actions real vectors of width
 * {@link #actionDim()} (or the exit). Its policy heads output distribution parameters (Beta or Gaussian mixtures,
 * say), and {@code step} rejects an action that would leave the domain, naming the row, the state and the action.
 */
public interface ContinuousEnvironment extends StepEnvironment<ContinuousStates, VectorActions> {
  /** Length of each state vector. */
  int stateDim();

  /** Length of each action vector. */
  int actionDim();
}
