package org.gfn4j.api.objective;

/**
 * An estimator output an objective can ask for. Each is a {@code double[]} in an {@link ObjectiveInput}, and its
 * gradient in an {@link ObjectiveResult} has the same layout.
 */
public enum Term {
  /** Per transition {@code t}: log PF(action(t) | state t), exits included. */
  LOG_PF,
  /** Per transition {@code t}: log PB(state t | state t+1) for non-exit transitions, 0 for exits. */
  LOG_PB,
  /** A single value: the learned log partition function. */
  LOG_Z
}
