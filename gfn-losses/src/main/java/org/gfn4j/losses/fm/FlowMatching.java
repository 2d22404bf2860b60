package org.gfn4j.losses.fm;

import java.util.Map;
import java.util.Set;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Masks;
import org.gfn4j.api.objective.LogRewardClip;
import org.gfn4j.api.objective.ObjectiveInput;
import org.gfn4j.api.objective.ObjectiveResult;
import org.gfn4j.api.objective.ResidualPenalty;
import org.gfn4j.api.objective.Term;
import org.gfn4j.losses.common.PenalisedObjective;
import org.gfn4j.losses.common.PenaltySum;

/**
 * The flow-matching objective of Bengio et al., "Flow network based generative models for non-iterative diverse
 * candidate generation" (NeurIPS 2021): at every state the log of the summed incoming edge flows must equal the log
 * of the summed outgoing ones, {@code log sum_{s' -> s} F(s' -> s) = log sum_{s -> s''} F(s -> s'')}, with the
 * reward as the flow of the exit edge, {@code F(x -> sink) = R(x)}; the square is generalised to a
 * {@link ResidualPenalty}. The forward estimator's raw outputs are the log edge flows ({@link Term#PF_LOGITS},
 * {@link Term#PF_PARENT_LOGITS}). This is torchgfn's {@code FMGFlowNet} (flow matching plus {@code alpha} times
 * reward matching, two separate means).
 *
 * <p>With {@code A} actions (the exit last), {@code K} the non-initial states of the batch (the states of the
 * transitions that are not the first of their trajectory; a state is counted once per visit) and {@code N}
 * trajectories:
 * <pre>
 *   in(t)  = logsumexp_{b allowed backward at t} PF_PARENT_LOGITS[t (A-1) + b]   (all parents, not only the path's)
 *   out(t) = logsumexp_{a allowed forward at t}  PF_LOGITS[t A + a]              (the exit edge included)
 *   L = mean_{K states t} penalty(in(t) - out(t))
 *       + alpha mean_i penalty(PF_LOGITS[x_i A + A - 1] - max(log R_i, clip))
 * </pre>
 * where {@code x_i} is trajectory {@code i}'s terminal row; the first part is 0 when {@code K = 0}. Entries at
 * masked actions are never read (their gradient is 0). Initial states are never flow-matched: they only appear as
 * parents, and in reward matching when a trajectory exits at once.
 *
 * <p>Gradients: the gradient of a logsumexp is the softmax of its entries, so with {@code g_t = penalty'(r_t)/K},
 * {@code dL/dPF_PARENT_LOGITS[t, b] = g_t softmax_in(t)_b} and {@code dL/dPF_LOGITS[t, a] = -g_t softmax_out(t)_a},
 * plus {@code alpha penalty'(r_i)/N} at each terminal exit edge.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class FlowMatching extends PenalisedObjective {
  private static final String NAME = "flow matching";
  private static final Set<Term> INPUTS = Set.of(Term.PF_LOGITS, Term.PF_PARENT_LOGITS);

  private final double alpha;

  /**
   * @param penalty applied to each residual
   * @param clip lower clip of the log-rewards
   * @param alpha weight of the reward-matching mean, {@code >= 0}
   * @throws IllegalArgumentException if {@code alpha} is negative, NaN or infinite
   */
  public FlowMatching(ResidualPenalty penalty, LogRewardClip clip, double alpha) {
    super(NAME, penalty, clip);
    if (!(alpha >= 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("flow matching: alpha must be finite and >= 0, got " + alpha);
    }
    this.alpha = alpha;
  }

  /** The weight of reward matching. */
  public double alpha() {
    return alpha;
  }

  /** {@link Term#PF_LOGITS} and {@link Term#PF_PARENT_LOGITS}. */
  @Override
  public Set<Term> inputs() {
    return INPUTS;
  }

  /**
   * The flow-matching loss and its gradients.
   *
   * @throws IllegalArgumentException if the batch is empty, a log-reward is NaN, {@code +inf}, or {@code -inf} after
   *     clipping, a non-initial state has no parent, or an allowed edge's flow is NaN
   */
  @Override
  public ObjectiveResult evaluate(ObjectiveInput input) {
    Trajectories trajectories = input.trajectories();
    requireNonEmpty(trajectories);
    DiscreteStates states = trajectories.discreteStates();
    int actions = states.environment().actionCount();
    double[] logits = input.get(Term.PF_LOGITS);
    double[] parents = input.get(Term.PF_PARENT_LOGITS);
    double[] gradLogits = new double[logits.length];
    double[] gradParents = new double[parents.length];
    EdgeFlows incoming = new EdgeFlows(states, states.backwardMasks(), parents, gradParents, "incoming");
    EdgeFlows outgoing = new EdgeFlows(states, states.forwardMasks(), logits, gradLogits, "outgoing");
    int matched = trajectories.transitionCount() - trajectories.count();
    PenaltySum flowSum = newSum();
    PenaltySum rewardSum = newSum();
    for (int i = 0; i < trajectories.count(); i++) {
      for (int t = trajectories.start(i) + 1; t < trajectories.end(i); t++) {
        double in = incoming.logSum(t);
        if (in == Double.NEGATIVE_INFINITY) {
          throw new IllegalArgumentException(NAME + ": state " + states.format(t) + " (row " + t + ") is not the "
              + "first of trajectory " + i + " but allows no backward action, so it has no incoming flow");
        }
        double out = outgoing.logSum(t);
        double slope = flowSum.add(in - out, 1.0 / matched);
        incoming.addSoftmax(t, in, slope);
        outgoing.addSoftmax(t, out, -slope);
      }
      int exitEdge = trajectories.terminalRow(i) * actions + actions - 1;
      double logReward = terminalLogReward(trajectories, i);
      gradLogits[exitEdge] += rewardSum.add(logits[exitEdge] - logReward, alpha / trajectories.count());
    }
    return new ObjectiveResult(flowSum.sum() + rewardSum.sum(),
        Map.of(Term.PF_LOGITS, gradLogits, Term.PF_PARENT_LOGITS, gradParents));
  }

  @Override
  protected String options() {
    return ", alpha=" + alpha;
  }

  /** The log edge flows of one direction, row by row, masked, with their gradient. */
  private record EdgeFlows(DiscreteStates states, Masks masks, double[] values, double[] gradient, String what) {
    /** {@code log sum exp} of the allowed edges of row {@code t}; {@code -inf} if none is allowed. */
    double logSum(int t) {
      int width = masks.width();
      double max = Double.NEGATIVE_INFINITY;
      for (int a = 0; a < width; a++) {
        if (masks.isAllowed(t, a)) {
          double value = values[t * width + a];
          if (Double.isNaN(value)) {
            throw new IllegalArgumentException(NAME + ": the " + what + " edge flow of action " + a + " at state "
                + states.format(t) + " (row " + t + ") is NaN although the action is allowed");
          }
          max = Math.max(max, value);
        }
      }
      if (max == Double.NEGATIVE_INFINITY || max == Double.POSITIVE_INFINITY) {
        return max;
      }
      double sum = 0;
      for (int a = 0; a < width; a++) {
        if (masks.isAllowed(t, a)) {
          sum += Math.exp(values[t * width + a] - max);
        }
      }
      return max + Math.log(sum);
    }

    /** Adds {@code scale} times the softmax of row {@code t}'s allowed edges (whose log-sum is {@code logSum}). */
    void addSoftmax(int t, double logSum, double scale) {
      int width = masks.width();
      for (int a = 0; a < width; a++) {
        if (masks.isAllowed(t, a)) {
          gradient[t * width + a] += scale * Math.exp(values[t * width + a] - logSum);
        }
      }
    }
  }
}
