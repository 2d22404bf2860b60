package org.gfn4j.losses.rtb;

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
import org.gfn4j.losses.common.TrajectorySums;

/**
 * The relative trajectory-balance objective of Venkatraman et al., "Amortizing intractable inference in diffusion
 * models for vision, language, and control" (NeurIPS 2024): a posterior policy is fitted to a frozen prior policy
 * times a reward, {@code Z p_post(tau) = p_prior(tau) R(x)^beta}, in log space; the square is generalised to a
 * {@link ResidualPenalty}. This is torchgfn's {@code RelativeTrajectoryBalanceGFlowNet} (mean reduction; gfn4j's
 * default penalty is squared, torchgfn's half-squared).
 *
 * <p>For trajectory {@code i} of {@code N}, over all its transitions (the exit included):
 * <pre>
 *   r_i = log Z + sum_t log PF[t] - sum_t PRIOR_LOG_PF[t] - beta max(log R_i, clip)
 *   L = mean_i penalty(r_i)
 * </pre>
 *
 * <p>Gradients, {@code g_i = penalty'(r_i) / N}: {@code dL/dlogPF[t] = g_i} on trajectory {@code i}'s transitions
 * and {@code dL/dlogZ[i] = g_i} (log Z per trajectory); the prior's log-probabilities are data and get none.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class RelativeTrajectoryBalance extends PenalisedObjective {
  private static final Set<Term> INPUTS = Set.of(Term.LOG_PF, Term.PRIOR_LOG_PF, Term.LOG_Z);

  private final double beta;

  /**
   * @param penalty applied to each trajectory's residual
   * @param clip lower clip of the log-rewards (applied before the scaling by {@code beta})
   * @param beta the reward exponent, positive
   * @throws IllegalArgumentException if {@code beta} is not positive and finite
   */
  public RelativeTrajectoryBalance(ResidualPenalty penalty, LogRewardClip clip, double beta) {
    super("relative trajectory balance", penalty, clip);
    if (!(beta > 0) || Double.isInfinite(beta)) {
      throw new IllegalArgumentException("relative trajectory balance: beta must be positive and finite, got " + beta);
    }
    this.beta = beta;
  }

  /** The reward exponent: the posterior is proportional to {@code p_prior(x) R(x)^beta}. */
  @Override
  public double rewardExponent() {
    return beta;
  }

  /** {@link Term#LOG_PF}, {@link Term#PRIOR_LOG_PF} and {@link Term#LOG_Z}. */
  @Override
  public Set<Term> inputs() {
    return INPUTS;
  }

  /**
   * The mean penalised relative trajectory-balance residual and its gradients.
   *
   * @throws IllegalArgumentException if the batch is empty, or a log-reward is NaN, {@code +inf}, or {@code -inf}
   *     after clipping (naming the trajectory and its terminal state)
   */
  @Override
  public ObjectiveResult evaluate(ObjectiveInput input) {
    Trajectories trajectories = input.trajectories();
    requireNonEmpty(trajectories);
    int n = trajectories.count();
    double[] logPf = input.get(Term.LOG_PF);
    double[] priorLogPf = input.get(Term.PRIOR_LOG_PF);
    double[] logZ = input.get(Term.LOG_Z);
    double[] gradPf = new double[logPf.length];
    double[] gradZ = new double[n];
    PenaltySum sum = newSum();
    for (int i = 0; i < n; i++) {
      double logReward = terminalLogReward(trajectories, i);
      double residual = TrajectorySums.difference(logZ[i] - beta * logReward, logPf, priorLogPf, trajectories, i, true);
      double slope = sum.add(residual, 1) / n;
      TrajectorySums.spread(slope, gradPf, null, trajectories, i, true);
      gradZ[i] = slope;
    }
    return new ObjectiveResult(sum.sum() / n, Map.of(Term.LOG_PF, gradPf, Term.LOG_Z, gradZ));
  }

  @Override
  protected String options() {
    return ", beta=" + beta;
  }
}
