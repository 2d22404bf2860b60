package org.gfn4j.losses.db;

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
import org.gfn4j.losses.common.StateFlows;

/**
 * The detailed-balance objective of Bengio et al., "GFlowNet Foundations" (JMLR 24, 2023): the detailed-balance
 * constraint {@code F(s) PF(s'|s) = F(s') PB(s|s')} as a squared log-ratio, with a learned state flow
 * {@code log F} and the reward as the flow into the sink, the square generalised to a {@link ResidualPenalty}.
 *
 * <p>Every transition {@code t} of the batch, exits included, has a residual:
 * <pre>
 *   non-exit (next state row t+1):  r_t = f(t) + log PF[t] - f(t+1) - log PB[t]
 *   exit of trajectory i:           r_t = f(t) + log PF[t] - max(log R_i, clip)
 * </pre>
 * and the loss is {@code mean_t penalty(r_t)} over all {@code T} transitions. With {@code forward_looking=false},
 * {@code f(t) = log F[t]}; with {@code forward_looking=true} (Pan et al., ICML 2023), {@code f(t) = log F[t] +
 * max(log R(state t), clip)} from {@link Term#STATE_LOG_REWARD}, so the exit residual reduces to
 * {@code log F[t] + log PF[t]} (the terminal state's log-reward is the trajectory's). This is torchgfn's
 * {@code DBGFlowNet} with the same flag, mean reduction.
 *
 * <p>Gradients, {@code g_t = penalty'(r_t) / T}: {@code dL/dlogF[t] += g_t} and, for a non-exit {@code t},
 * {@code dL/dlogF[t+1] -= g_t}; {@code dL/dlogPF[t] = g_t}; {@code dL/dlogPB[t] = -g_t} for non-exit {@code t}
 * and 0 at exits, whose log PB is not read.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class DetailedBalance extends PenalisedObjective {
  private final boolean forwardLooking;

  /**
   * @param penalty applied to each transition's residual
   * @param clip lower clip of every log-reward read
   * @param forwardLooking whether each state's log-reward is added to its flow
   */
  public DetailedBalance(ResidualPenalty penalty, LogRewardClip clip, boolean forwardLooking) {
    super("detailed balance", penalty, clip);
    this.forwardLooking = forwardLooking;
  }

  /** Whether state flows are forward-looking. */
  public boolean forwardLooking() {
    return forwardLooking;
  }

  /** {@link StateFlows#inputs}: log PF, log PB, log F, and the states' log-rewards if forward-looking. */
  @Override
  public Set<Term> inputs() {
    return StateFlows.inputs(forwardLooking);
  }

  /**
   * The mean penalised detailed-balance residual over every transition, and its gradients.
   *
   * @throws IllegalArgumentException if the batch is empty, or a log-reward read is NaN, {@code +inf}, or
   *     {@code -inf} after clipping (naming the trajectory or state)
   */
  @Override
  public ObjectiveResult evaluate(ObjectiveInput input) {
    Trajectories trajectories = input.trajectories();
    requireNonEmpty(trajectories);
    double[] logPf = input.get(Term.LOG_PF);
    double[] logPb = input.get(Term.LOG_PB);
    double[] logF = input.get(Term.LOG_F);
    StateFlows flows = new StateFlows(name(), trajectories, logF,
        forwardLooking ? input.get(Term.STATE_LOG_REWARD) : null, clip());
    int count = trajectories.transitionCount();
    double[] gradPf = new double[count];
    double[] gradPb = new double[count];
    double[] gradF = new double[count];
    PenaltySum sum = newSum();
    for (int i = 0; i < trajectories.count(); i++) {
      int exit = trajectories.end(i) - 1;
      double flow = flows.at(trajectories.start(i));
      for (int t = trajectories.start(i); t < exit; t++) {
        double next = flows.at(t + 1);
        double slope = sum.add(flow + logPf[t] - next - logPb[t], 1) / count;
        gradF[t] += slope;
        gradF[t + 1] -= slope;
        gradPf[t] = slope;
        gradPb[t] = -slope;
        flow = next;
      }
      double logReward = terminalLogReward(trajectories, i);
      double slope = sum.add(flow + logPf[exit] - logReward, 1) / count;
      gradF[exit] += slope;
      gradPf[exit] = slope;
    }
    return new ObjectiveResult(sum.sum() / count, Map.of(Term.LOG_PF, gradPf, Term.LOG_PB, gradPb, Term.LOG_F, gradF));
  }

  @Override
  protected String options() {
    return ", forwardLooking=" + forwardLooking;
  }
}
