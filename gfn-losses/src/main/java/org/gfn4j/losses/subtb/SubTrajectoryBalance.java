package org.gfn4j.losses.subtb;

import static java.util.Objects.requireNonNull;

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
 * The sub-trajectory balance objective SubTB(lambda) of Madan et al., "Learning GFlowNets from partial episodes for
 * improved convergence and stability" (ICML 2023), Section 3: the balance of every sub-trajectory
 * {@code s_i -> .. -> s_j}, {@code F(s_i) prod PF = F(s_j) prod PB}, with the sub-trajectory losses mixed by
 * weights; the paper's mixture is {@code sum_{i<j} lambda^(j-i) L_ij / sum_{i<j} lambda^(j-i)} per trajectory. The
 * square is generalised to a {@link ResidualPenalty}. This is torchgfn's {@code SubTBGFlowNet} (default
 * {@code reduction="mean"}) for each weighting.
 *
 * <p>A trajectory {@code i} of {@code n} transitions (the last is the exit from its terminal state {@code x})
 * starting at transition {@code s} has positions {@code 0..n}: position {@code k < n} is the state of transition
 * {@code s + k}, with flow {@code f(k) = log F[s+k]} ({@code + max(log R(state), clip)} from
 * {@link Term#STATE_LOG_REWARD} when {@code forward_looking}); position {@code n} is the sink, with flow
 * {@code f(n) = max(log R(x), clip)}. For every {@code 0 <= a < b <= n} the residual of the sub-trajectory of
 * length {@code l = b - a} is
 * <pre>
 *   r_ab = f(a) + sum_{k=a}^{b-1} log PF[s+k] - f(b) - sum_{k=a}^{b-1, non-exit} log PB[s+k]
 * </pre>
 * (a sub-trajectory ending at the sink has one fewer log PB term). The loss is {@code sum w_ab penalty(r_ab)} over
 * the batch's sub-trajectories, with {@code N} trajectories, {@code T} transitions, {@code M} the longest
 * trajectory's length and {@code c_l} the number of sub-trajectories of length {@code l} in the batch:
 * <ul>
 *   <li>{@code geometric_within} (default): {@code w = lambda^(l-1) / (N sum_{m=1}^{n} (n-m+1) lambda^(m-1))};
 *       each trajectory's weights sum to {@code 1/N}.</li>
 *   <li>{@code geometric}: {@code w = g_l / c_l} with {@code g_l = lambda^(l-1) / sum_{m=1}^{M} lambda^(m-1)}: the
 *       mean penalty of each length, mixed by {@code g_l} (torchgfn ignores the reduction here).</li>
 *   <li>{@code equal}: {@code w = 1 / sum_i n_i (n_i + 1) / 2}, the mean over all sub-trajectories.</li>
 *   <li>{@code equal_within}: {@code w = 2 / (N n (n + 1))}, the mean within each trajectory, then over
 *       trajectories.</li>
 *   <li>{@code tb}: {@code w = 1/N} for the whole trajectory ({@code a = 0, b = n}), else 0: trajectory balance
 *       with {@code f(0)}, the learned flow of the initial state, in place of log Z.</li>
 *   <li>{@code db}: {@code w = 1/T} for single transitions, else 0: exactly detailed balance ("db").</li>
 *   <li>{@code modifieddb}: {@code w = 1/(N n)} for single transitions, else 0 (not the "mdb" objective).</li>
 * </ul>
 * Except for {@code tb} and {@code db} (means), torchgfn turns the mean reduction into a sum of these normalised
 * weights; the values above are its values. Geometric weights are computed in log space, so lambda = 1 gives the
 * uniform limit (torchgfn's {@code geometric} divides 0 by 0 there).
 *
 * <p>Gradients, {@code g_ab = w_ab penalty'(r_ab)}: {@code dL/dlogF[s+a] += g_ab}, {@code dL/dlogF[s+b] -= g_ab}
 * for {@code b < n}, {@code dL/dlogPF[s+k] += g_ab} and, for non-exit {@code k}, {@code dL/dlogPB[s+k] -= g_ab}
 * for {@code a <= k < b}. The exit slots of log PB are not read and get 0. Time and memory: {@code O(n^2)} per
 * trajectory, no arrays besides the gradients (and {@code M} weights for {@code geometric}).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class SubTrajectoryBalance extends PenalisedObjective {
  private final double lambda;
  private final Weighting weighting;
  private final boolean forwardLooking;

  /**
   * @param penalty applied to each sub-trajectory's residual
   * @param clip lower clip of every log-reward read
   * @param lambda the geometric weight base (used by {@code geometric} and {@code geometric_within}), positive
   * @param weighting how the sub-trajectories are weighted
   * @param forwardLooking whether each state's log-reward is added to its flow
   * @throws IllegalArgumentException if {@code lambda} is not positive and finite
   */
  public SubTrajectoryBalance(ResidualPenalty penalty, LogRewardClip clip, double lambda, Weighting weighting,
      boolean forwardLooking) {
    super("sub-trajectory balance", penalty, clip);
    this.weighting = requireNonNull(weighting, "weighting is null");
    if (!(lambda > 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("sub-trajectory balance: lambda must be positive and finite, got " + lambda);
    }
    this.lambda = lambda;
    this.forwardLooking = forwardLooking;
  }

  /** The geometric weight base. */
  public double lambda() {
    return lambda;
  }

  /** How sub-trajectories are weighted. */
  public Weighting weighting() {
    return weighting;
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
   * The weighted penalised sub-trajectory residuals and their gradients.
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
    StateFlows flows = new StateFlows(name(), trajectories, input.get(Term.LOG_F),
        forwardLooking ? input.get(Term.STATE_LOG_REWARD) : null, clip());
    int count = trajectories.transitionCount();
    double[] gradPf = new double[count];
    double[] gradPb = new double[count];
    double[] gradF = new double[count];
    SubTrajectoryWeights weights = new SubTrajectoryWeights(weighting, lambda, trajectories);
    PenaltySum sum = newSum();
    for (int i = 0; i < trajectories.count(); i++) {
      int s = trajectories.start(i);
      int n = trajectories.length(i);
      double logReward = terminalLogReward(trajectories, i);
      weights.startTrajectory(n);
      for (int a = 0; a < n; a++) {
        double from = flows.at(s + a);
        double forward = 0;
        double backward = 0;
        for (int b = a + 1; b <= n; b++) {
          forward += logPf[s + b - 1];
          if (b < n) {
            backward += logPb[s + b - 1];
          }
          double weight = weights.weight(b - a);
          if (weight == 0) {
            continue;
          }
          double to = b < n ? flows.at(s + b) : logReward;
          double slope = sum.add(from + forward - to - backward, weight);
          gradF[s + a] += slope;
          gradPf[s + a] += slope;
          if (b < n) {
            gradF[s + b] -= slope;
            gradPf[s + b] -= slope;
          }
        }
      }
      // gradPf holds differences of the slopes covering each transition; their prefix sums are the gradients
      double covering = 0;
      for (int k = 0; k < n; k++) {
        covering += gradPf[s + k];
        gradPf[s + k] = covering;
        gradPb[s + k] = k < n - 1 ? -covering : 0;
      }
    }
    return new ObjectiveResult(sum.sum(), Map.of(Term.LOG_PF, gradPf, Term.LOG_PB, gradPb, Term.LOG_F, gradF));
  }

  @Override
  protected String options() {
    return ", lambda=" + lambda + ", weighting=" + weighting.text() + ", forwardLooking=" + forwardLooking;
  }
}
