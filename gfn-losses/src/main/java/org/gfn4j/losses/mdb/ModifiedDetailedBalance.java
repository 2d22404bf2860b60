package org.gfn4j.losses.mdb;

import java.util.Map;
import java.util.Set;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.objective.LogRewardClip;
import org.gfn4j.api.objective.ObjectiveInput;
import org.gfn4j.api.objective.ObjectiveResult;
import org.gfn4j.api.objective.ResidualPenalty;
import org.gfn4j.api.objective.Term;
import org.gfn4j.losses.common.PenalisedObjective;
import org.gfn4j.losses.common.PenaltySum;

/**
 * The modified detailed-balance objective of Deleu et al., "Bayesian structure learning with generative flow
 * networks" (UAI 2022), for environments where every state is terminal: the state flow is eliminated
 * with {@code F(s) PF(exit|s) = R(s)}, which turns detailed balance into
 * {@code R(s') PB(s|s') PF(exit|s) = R(s) PF(s'|s) PF(exit|s')}; the square of its log-ratio is generalised to a
 * {@link ResidualPenalty}. This is torchgfn's {@code ModifiedDBGFlowNet} (mean reduction); it is not SubTB's
 * {@code modifieddb} weighting.
 *
 * <p>Only non-exit transitions {@code t} take part (next state row {@code t+1}); with {@code A} actions, the exit
 * {@code A-1}, log PF from {@link Term#PF_LOG_PROBS} rows and {@code R~(s) = max(log R(s), clip)} from
 * {@link Term#STATE_LOG_REWARD}:
 * <pre>
 *   r_t = [R~(t) + log PF(a_t | t) + log PF(exit | t+1)] - [R~(t+1) + log PB[t] + log PF(exit | t)]
 * </pre>
 * and the loss is {@code mean_t penalty(r_t)} over the {@code M} non-exit transitions; 0 (with zero gradients)
 * if there are none.
 *
 * <p>Gradients, {@code g_t = penalty'(r_t) / M}: {@code +g_t} at {@code PF_LOG_PROBS[t, a_t]} and
 * {@code [t+1, exit]}, {@code -g_t} at {@code [t, exit]} and at {@code LOG_PB[t]} (accumulated where entries are
 * shared by consecutive transitions); 0 elsewhere.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ModifiedDetailedBalance extends PenalisedObjective {
  private static final String NAME = "modified detailed balance";
  private static final Set<Term> INPUTS = Set.of(Term.PF_LOG_PROBS, Term.LOG_PB, Term.STATE_LOG_REWARD);

  /**
   * @param penalty applied to each transition's residual
   * @param clip lower clip of the states' log-rewards
   */
  public ModifiedDetailedBalance(ResidualPenalty penalty, LogRewardClip clip) {
    super(NAME, penalty, clip);
  }

  /** {@link Term#PF_LOG_PROBS}, {@link Term#LOG_PB} and {@link Term#STATE_LOG_REWARD}. */
  @Override
  public Set<Term> inputs() {
    return INPUTS;
  }

  /**
   * The mean penalised modified detailed-balance residual over the non-exit transitions, and its gradients.
   *
   * @throws IllegalArgumentException if the batch is empty; if a state taking part cannot exit (log PF(exit) is
   *     {@code -inf}: the objective needs every state to be terminal); if a log-probability read is NaN or a taken
   *     action's is {@code -inf}; or if a state's log-reward is NaN, {@code +inf}, or {@code -inf} after clipping
   */
  @Override
  public ObjectiveResult evaluate(ObjectiveInput input) {
    Trajectories trajectories = input.trajectories();
    requireNonEmpty(trajectories);
    int actions = trajectories.discreteStates().environment().actionCount();
    int exit = actions - 1;
    double[] logProbs = input.get(Term.PF_LOG_PROBS);
    double[] logPb = input.get(Term.LOG_PB);
    double[] stateLogRewards = input.get(Term.STATE_LOG_REWARD);
    double[] gradProbs = new double[logProbs.length];
    double[] gradPb = new double[logPb.length];
    int count = trajectories.transitionCount() - trajectories.count();
    PenaltySum sum = newSum();
    for (int i = 0; i < trajectories.count(); i++) {
      for (int t = trajectories.start(i); t < trajectories.end(i) - 1; t++) {
        int taken = t * actions + trajectories.action(t);
        double residual = stateLogReward(trajectories, stateLogRewards, t)
            + logProb(trajectories, logProbs, t, trajectories.action(t), actions)
            + logProb(trajectories, logProbs, t + 1, exit, actions)
            - stateLogReward(trajectories, stateLogRewards, t + 1)
            - logPb[t]
            - logProb(trajectories, logProbs, t, exit, actions);
        double slope = sum.add(residual, 1.0 / count);
        gradProbs[taken] += slope;
        gradProbs[(t + 1) * actions + exit] += slope;
        gradProbs[t * actions + exit] -= slope;
        gradPb[t] -= slope;
      }
    }
    return new ObjectiveResult(sum.sum(), Map.of(Term.PF_LOG_PROBS, gradProbs, Term.LOG_PB, gradPb));
  }

  private static double logProb(Trajectories trajectories, double[] logProbs, int row, int action, int actions) {
    double value = logProbs[row * actions + action];
    if (Double.isFinite(value)) {
      return value;
    }
    String state = trajectories.states().format(row);
    if (action == actions - 1 && value == Double.NEGATIVE_INFINITY) {
      throw new IllegalArgumentException(NAME + " needs an environment where every state can exit, but state "
          + state + " (row " + row + ") has log PF(exit) = -inf; use db, subtb or tb for this environment");
    }
    throw new IllegalArgumentException(NAME + ": log PF of action " + action + " at state " + state + " (row " + row
        + ") is " + value);
  }
}
