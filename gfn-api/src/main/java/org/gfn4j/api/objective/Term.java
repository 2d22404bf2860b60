package org.gfn4j.api.objective;

/**
 * A quantity an objective can ask the trainer for. Each is a {@code double[]} in an {@link ObjectiveInput}; the
 * differentiable ones get a gradient of the same layout in an {@link ObjectiveResult}.
 *
 * <p>Layouts refer to the batch's transitions: transition {@code t} starts from state row {@code t} of
 * {@link org.gfn4j.api.data.Trajectories#states()}; with {@code A} the action count, "per transition" means
 * {@code T} values, "per transition and action" {@code T * A} values (row-major) and "per transition and
 * backward action" {@code T * (A - 1)} values.
 */
public enum Term {
  /** Per transition: log PF(action(t) | state t), exits included. */
  LOG_PF(true),
  /** Per transition: log PB(state t | state t+1) for non-exit transitions, 0 for exits. */
  LOG_PB(true),
  /** A single value: the learned log partition function. */
  LOG_Z(true),
  /** Per transition: the learned log state flow log F(state t). */
  LOG_F(true),
  /**
   * Per transition and action: log PF(a | state t) for every action {@code a}; {@code -inf} where {@code a} is
   * masked (whose gradient entries are ignored).
   */
  PF_LOG_PROBS(true),
  /**
   * Per transition and action: the forward estimator's raw outputs at state t (for flow matching, the log
   * edge flows log F(state t -> child by a), the exit edge last). Masked entries are present but meaningless.
   */
  PF_LOGITS(true),
  /**
   * Per transition and backward action {@code b}: the forward estimator's raw output at the parent reached by
   * undoing {@code b} from state t, at forward action {@code b} (the log flow of the edge parent -> state t);
   * NaN where {@code b} is masked at state t (an initial state has no parents).
   */
  PF_PARENT_LOGITS(true),
  /** Per transition: log R(state t), the reward in force of state t taken as a terminal object (no gradient). */
  STATE_LOG_REWARD(false),
  /** Per transition: log PF_prior(action(t) | state t) under a frozen prior policy (no gradient). */
  PRIOR_LOG_PF(false);

  private final boolean differentiable;

  Term(boolean differentiable) {
    this.differentiable = differentiable;
  }

  /** Whether an objective returns a gradient for this term. */
  public boolean isDifferentiable() {
    return differentiable;
  }

  /** Number of values of this term for a batch of {@code transitions} transitions and {@code actions} actions. */
  public int length(int transitions, int actions) {
    return switch (this) {
      case LOG_Z -> 1;
      case PF_LOG_PROBS, PF_LOGITS -> transitions * actions;
      case PF_PARENT_LOGITS -> transitions * (actions - 1);
      default -> transitions;
    };
  }
}
