package org.gfn4j.losses.zvar;

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
 * The log-partition variance objective of Zhang et al., "Robust scheduling with GFlowNets" (ICLR 2023), the
 * batch form of VarGrad (Richter et al., NeurIPS 2020): each trajectory gives an estimate of {@code -log Z}, and the
 * loss is their empirical variance, so no log Z is learned. The square is generalised to a {@link ResidualPenalty}.
 * This is torchgfn's {@code LogPartitionVarianceGFlowNet} (mean reduction).
 *
 * <p>For trajectory {@code i} of {@code N}:
 * <pre>
 *   score_i = sum_t log PF[t] - sum_{t non-exit} log PB[t] - max(log R_i, clip)
 *   L = mean_i penalty(score_i - mean_j score_j)
 * </pre>
 *
 * <p>Gradients, with {@code c_i = score_i - mean(score)} and {@code g_i = penalty'(c_i) / N}, through the batch
 * mean as well: {@code dL/dscore_j = g_j - (1/N) sum_i g_i} (the correction vanishes for the squared penalty);
 * {@code dL/dlogPF[t] = dL/dscore_j} on trajectory {@code j}'s transitions, {@code dL/dlogPB[t] = -dL/dscore_j} on
 * its non-exit transitions, 0 at exits.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class LogPartitionVariance extends PenalisedObjective {
  private static final Set<Term> INPUTS = Set.of(Term.LOG_PF, Term.LOG_PB);

  /**
   * @param penalty applied to each centred score
   * @param clip lower clip of the log-rewards
   */
  public LogPartitionVariance(ResidualPenalty penalty, LogRewardClip clip) {
    super("log-partition variance", penalty, clip);
  }

  /** {@link Term#LOG_PF} and {@link Term#LOG_PB}. */
  @Override
  public Set<Term> inputs() {
    return INPUTS;
  }

  /**
   * The mean penalised centred score and its gradients.
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
    double[] logPb = input.get(Term.LOG_PB);
    double total = 0;
    for (int i = 0; i < n; i++) {
      total += score(trajectories, logPf, logPb, i);
    }
    double mean = total / n;
    double[] gradPf = new double[logPf.length];
    double[] gradPb = new double[logPb.length];
    PenaltySum sum = newSum();
    double slopes = 0;
    for (int i = 0; i < n; i++) {
      double slope = sum.add(score(trajectories, logPf, logPb, i) - mean, 1) / n;
      TrajectorySums.spread(slope, gradPf, gradPb, trajectories, i, false);
      slopes += slope;
    }
    // through the mean: every score gets -(1/N) sum_i g_i
    for (int i = 0; i < n; i++) {
      TrajectorySums.spread(-slopes / n, gradPf, gradPb, trajectories, i, false);
    }
    return new ObjectiveResult(sum.sum() / n, Map.of(Term.LOG_PF, gradPf, Term.LOG_PB, gradPb));
  }

  private double score(Trajectories trajectories, double[] logPf, double[] logPb, int i) {
    double logReward = terminalLogReward(trajectories, i);
    return TrajectorySums.difference(-logReward, logPf, logPb, trajectories, i, false);
  }
}
