package org.gfn4j.losses.tb;

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
 * The trajectory-balance objective of Malkin et al., "Trajectory balance: Improved credit assignment in
 * GFlowNets" (NeurIPS 2022), eq. 14, with the square generalised to a {@link ResidualPenalty}.
 *
 * <p>For trajectory {@code i} with transitions {@code t} the residual is
 * <pre>
 *   r_i = log Z + sum_t log PF[t] - sum_t log PB[t] - max(log R_i, clip)
 * </pre>
 * and the loss is {@code mean_i penalty(r_i)}. With the default squared penalty and no clipping this is
 * torchgfn's {@code TBGFlowNet} loss (mean of squared residuals).
 *
 * <p>The forward sum runs over every transition of the trajectory, the exit included. The backward sum runs over
 * the non-exit transitions only: by the {@link Term#LOG_PB} convention the exit slot holds 0, and this objective
 * does not read it, so the value there does not matter and its gradient is 0.
 *
 * <p>Gradients, with {@code n} trajectories: {@code dL/dlogPF[t] = penalty'(r_i) / n} for every transition of
 * trajectory {@code i}; {@code dL/dlogPB[t] = -penalty'(r_i) / n} for its non-exit transitions;
 * {@code dL/dlogZ[i] = penalty'(r_i) / n} (log Z is per trajectory, the log Z of its condition). The log-rewards are
 * data, not inputs, and receive no gradient.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TrajectoryBalance extends PenalisedObjective {
  private static final Set<Term> INPUTS = Set.of(Term.LOG_PF, Term.LOG_PB, Term.LOG_Z);

  /**
   * @param penalty applied to each trajectory's residual
   * @param clip lower clip applied to each log-reward before it enters the residual
   */
  public TrajectoryBalance(ResidualPenalty penalty, LogRewardClip clip) {
    super("trajectory balance", penalty, clip);
  }

  /** The squared penalty without clipping, as in the paper and in torchgfn. */
  public TrajectoryBalance() {
    this(ResidualPenalty.SQUARED, new LogRewardClip(Double.NEGATIVE_INFINITY));
  }

  /** {@link Term#LOG_PF}, {@link Term#LOG_PB} and {@link Term#LOG_Z}. */
  @Override
  public Set<Term> inputs() {
    return INPUTS;
  }

  /**
   * The mean penalised trajectory-balance residual and its gradients.
   *
   * @throws IllegalArgumentException if the batch is empty, or if a log-reward is NaN or infinite after clipping
   *     (naming the trajectory and its terminal state)
   */
  @Override
  public ObjectiveResult evaluate(ObjectiveInput input) {
    Trajectories trajectories = input.trajectories();
    requireNonEmpty(trajectories);
    int n = trajectories.count();
    double[] logPf = input.get(Term.LOG_PF);
    double[] logPb = input.get(Term.LOG_PB);
    double[] logZ = input.get(Term.LOG_Z);
    double[] gradPf = new double[logPf.length];
    double[] gradPb = new double[logPb.length];
    double[] gradZ = new double[n];
    PenaltySum sum = newSum();
    for (int i = 0; i < n; i++) {
      double logReward = terminalLogReward(trajectories, i);
      double residual = TrajectorySums.difference(logZ[i] - logReward, logPf, logPb, trajectories, i, false);
      double slope = sum.add(residual, 1) / n;
      TrajectorySums.spread(slope, gradPf, gradPb, trajectories, i, false);
      gradZ[i] = slope;
    }
    return new ObjectiveResult(sum.sum() / n, Map.of(Term.LOG_PF, gradPf, Term.LOG_PB, gradPb, Term.LOG_Z, gradZ));
  }
}
