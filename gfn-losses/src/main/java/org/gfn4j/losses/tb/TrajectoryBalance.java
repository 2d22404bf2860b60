package org.gfn4j.losses.tb;

import static java.util.Objects.requireNonNull;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.objective.LogRewardClip;
import org.gfn4j.api.objective.Objective;
import org.gfn4j.api.objective.ObjectiveInput;
import org.gfn4j.api.objective.ObjectiveResult;
import org.gfn4j.api.objective.ResidualPenalty;
import org.gfn4j.api.objective.Term;

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
 * {@code dL/dlogZ = sum_i penalty'(r_i) / n}. The log-rewards are data, not inputs, and receive no gradient.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TrajectoryBalance implements Objective {
  private static final Set<Term> INPUTS = Set.of(Term.LOG_PF, Term.LOG_PB, Term.LOG_Z);

  private final ResidualPenalty penalty;
  private final LogRewardClip clip;

  /**
   * @param penalty applied to each trajectory's residual
   * @param clip lower clip applied to each log-reward before it enters the residual
   */
  public TrajectoryBalance(ResidualPenalty penalty, LogRewardClip clip) {
    this.penalty = requireNonNull(penalty, "penalty is null");
    this.clip = requireNonNull(clip, "clip is null");
  }

  /** The squared penalty without clipping, as in the paper and in torchgfn. */
  public TrajectoryBalance() {
    this(ResidualPenalty.SQUARED, new LogRewardClip(Double.NEGATIVE_INFINITY));
  }

  /** The penalty applied to each residual. */
  public ResidualPenalty penalty() {
    return penalty;
  }

  /** The lower clip applied to each log-reward. */
  public LogRewardClip clip() {
    return clip;
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
    int n = trajectories.count();
    if (n == 0) {
      throw new IllegalArgumentException("trajectory balance needs at least one trajectory, got an empty batch");
    }
    double[] logPf = input.get(Term.LOG_PF);
    double[] logPb = input.get(Term.LOG_PB);
    double logZ = input.get(Term.LOG_Z)[0];
    double[] gradPf = new double[logPf.length];
    double[] gradPb = new double[logPb.length];
    double[] gradZ = new double[1];
    double sum = 0;
    for (int i = 0; i < n; i++) {
      double logReward = checkedLogReward(trajectories, i);
      int start = trajectories.start(i);
      int exit = trajectories.end(i) - 1;
      double residual = logZ - logReward + logPf[exit];
      for (int t = start; t < exit; t++) {
        residual += logPf[t] - logPb[t];
      }
      sum += penalty.value(residual);
      double slope = penalty.derivative(residual) / n;
      for (int t = start; t < exit; t++) {
        gradPf[t] = slope;
        gradPb[t] = -slope;
      }
      gradPf[exit] = slope;
      gradZ[0] += slope;
    }
    Map<Term, double[]> gradients = new EnumMap<>(Term.class);
    gradients.put(Term.LOG_PF, gradPf);
    gradients.put(Term.LOG_PB, gradPb);
    gradients.put(Term.LOG_Z, gradZ);
    return new ObjectiveResult(sum / n, gradients);
  }

  private double checkedLogReward(Trajectories trajectories, int i) {
    double raw = trajectories.logReward(i);
    double clipped = clip.apply(raw);
    if (Double.isFinite(clipped)) {
      return clipped;
    }
    String state = trajectories.states().format(trajectories.terminalRow(i));
    String problem = "trajectory balance: trajectory " + i + " ending in state " + state + " has log-reward " + raw
        + (raw == clipped ? "" : " (" + clipped + " after clipping at log_reward_clip_min=" + clip.min() + ")");
    if (clipped == Double.NEGATIVE_INFINITY) {
      throw new IllegalArgumentException(problem + "; a zero reward cannot be balanced: set log_reward_clip_min "
          + "(for example -100) to clip log-rewards from below");
    }
    throw new IllegalArgumentException(problem + "; log-rewards must be finite");
  }

  @Override
  public String toString() {
    return "TrajectoryBalance[penalty=" + penalty + ", clip=" + clip + "]";
  }
}
