package org.gfn4j.api.objective;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A quantity an objective asks the trainer for, by key. Each is a {@code double[]} in an {@link ObjectiveInput};
 * the differentiable ones get a gradient of the same layout in an {@link ObjectiveResult}. The constants are the
 * built-in keys; {@link #estimatorOutput} names an extra estimator output a plugin objective needs (a value head,
 * an ensemble member), which the trainer builds, evaluates and back-propagates with no change in core.
 *
 * <p>Layouts refer to the batch's transitions: transition {@code t} starts from state row {@code t} of
 * {@link org.gfn4j.api.data.Trajectories#states()}; "per transition" means {@code T} values, "per trajectory"
 * {@code N} values, "per transition and action" {@code T * A} values (row-major, {@code A} the action count of a
 * discrete environment) and "per transition and backward action" {@code T * (A - 1)} values. Terms of the last two
 * layouts exist only for discrete environments; an objective that reads them is refused on other environments.
 *
 * @param key the name ({@code "log_pf"}; lower case, digits and '_')
 * @param layout how the values are laid out
 * @param width values per transition of an {@link Layout#PER_TRANSITION_WIDE} term (1 otherwise)
 * @param differentiable whether an objective returns a gradient for it
 */
public record Term(String key, Layout layout, int width, boolean differentiable) {
  /** How a term's values are laid out over a batch. */
  public enum Layout {
    /** One value per transition. */
    PER_TRANSITION,
    /** One value per trajectory. */
    PER_TRAJECTORY,
    /** {@code width} values per transition, row-major. */
    PER_TRANSITION_WIDE,
    /** One value per transition and forward action (discrete environments only). */
    PER_TRANSITION_AND_ACTION,
    /** One value per transition and backward action (discrete environments only). */
    PER_TRANSITION_AND_BACKWARD_ACTION
  }

  private static final Pattern KEY = Pattern.compile("[a-z][a-z0-9_]*");

  /** Per transition: log PF(action(t) | state t), exits included. */
  public static final Term LOG_PF = new Term("log_pf", Layout.PER_TRANSITION, 1, true);
  /** Per transition: log PB(state t | state t+1) for non-exit transitions, 0 for exits. */
  public static final Term LOG_PB = new Term("log_pb", Layout.PER_TRANSITION, 1, true);
  /**
   * Per trajectory: the learned log partition function, log Z(c) of the trajectory's condition (the same value for
   * every trajectory of an unconditional run).
   */
  public static final Term LOG_Z = new Term("log_z", Layout.PER_TRAJECTORY, 1, true);
  /** Per transition: the learned log state flow log F(state t). */
  public static final Term LOG_F = new Term("log_f", Layout.PER_TRANSITION, 1, true);
  /**
   * Per transition and action: log PF(a | state t) for every action {@code a}; {@code -inf} where {@code a} is
   * masked (whose gradient entries are ignored). Discrete environments only.
   */
  public static final Term PF_LOG_PROBS = new Term("pf_log_probs", Layout.PER_TRANSITION_AND_ACTION, 1, true);
  /**
   * Per transition and action: the forward estimator's raw outputs at state t (for flow matching, the log edge
   * flows log F(state t -> child by a), the exit edge last). Masked entries are present but meaningless. Discrete
   * environments only.
   */
  public static final Term PF_LOGITS = new Term("pf_logits", Layout.PER_TRANSITION_AND_ACTION, 1, true);
  /**
   * Per transition and backward action {@code b}: the forward estimator's raw output at the parent reached by
   * undoing {@code b} from state t, at forward action {@code b} (the log flow of the edge parent -> state t); NaN
   * where {@code b} is masked at state t (an initial state has no parents). Discrete environments only.
   */
  public static final Term PF_PARENT_LOGITS = new Term("pf_parent_logits",
      Layout.PER_TRANSITION_AND_BACKWARD_ACTION, 1, true);
  /** Per transition: log R(state t), the reward in force of state t taken as a terminal object (no gradient). */
  public static final Term STATE_LOG_REWARD = new Term("state_log_reward", Layout.PER_TRANSITION, 1, false);
  /** Per transition: log PF_prior(action(t) | state t) under a frozen prior policy (no gradient). */
  public static final Term PRIOR_LOG_PF = new Term("prior_log_pf", Layout.PER_TRANSITION, 1, false);

  /** Every built-in term, in a fixed order. */
  public static final java.util.List<Term> BUILT_IN = java.util.List.of(LOG_PF, LOG_PB, LOG_Z, LOG_F, PF_LOG_PROBS,
      PF_LOGITS, PF_PARENT_LOGITS, STATE_LOG_REWARD, PRIOR_LOG_PF);

  public Term {
    requireNonNull(key, "key is null");
    requireNonNull(layout, "layout is null");
    if (!KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("term key '" + key + "' must be lower case letters, digits and '_'");
    }
    if (width < 1 || width != 1 && layout != Layout.PER_TRANSITION_WIDE) {
      throw new IllegalArgumentException("term '" + key + "': width " + width + " does not fit layout " + layout);
    }
  }

  /**
   * An extra, trained estimator output at every transition's state, {@code width} values per transition: the
   * trainer builds an estimator of PF's architecture for it (initialised from its own seeded stream), evaluates it
   * and back-propagates the objective's gradient.
   *
   * @param key a name of the objective's choice, not one of the built-in keys
   */
  public static Term estimatorOutput(String key, int width) {
    Term term = new Term(key, Layout.PER_TRANSITION_WIDE, width, true);
    if (BUILT_IN.stream().anyMatch(builtIn -> builtIn.key.equals(key))) {
      throw new IllegalArgumentException("term key '" + key + "' is a built-in term");
    }
    return term;
  }

  /** Whether this is one of the built-in terms (the constants of this class). */
  public boolean isBuiltIn() {
    return BUILT_IN.contains(this);
  }

  /** Whether this term exists only for discrete environments (per-action layouts). */
  public boolean isDiscreteOnly() {
    return layout == Layout.PER_TRANSITION_AND_ACTION || layout == Layout.PER_TRANSITION_AND_BACKWARD_ACTION;
  }

  /** Whether an objective returns a gradient for this term. */
  public boolean isDifferentiable() {
    return differentiable;
  }

  /**
   * Number of values of this term for a batch.
   *
   * @param actions the action count of a discrete environment (ignored by the other layouts)
   */
  public int length(int transitions, int trajectories, int actions) {
    return switch (layout) {
      case PER_TRANSITION -> transitions;
      case PER_TRAJECTORY -> trajectories;
      case PER_TRANSITION_WIDE -> transitions * width;
      case PER_TRANSITION_AND_ACTION -> transitions * actions;
      case PER_TRANSITION_AND_BACKWARD_ACTION -> transitions * (actions - 1);
    };
  }

  @Override
  public String toString() {
    return key.toUpperCase(java.util.Locale.ROOT);
  }
}
