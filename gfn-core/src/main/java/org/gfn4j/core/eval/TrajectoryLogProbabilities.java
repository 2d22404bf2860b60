package org.gfn4j.core.eval;

import java.util.Optional;
import java.util.stream.IntStream;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.ActionBatch;
import org.gfn4j.api.env.States;
import org.gfn4j.api.env.StepEnvironment;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.core.model.GFlowNet;
import org.gfn4j.core.nn.UniformEstimator;
import org.gfn4j.core.sampling.Features;
import org.gfn4j.core.sampling.Heads;
import org.gfn4j.core.sampling.PolicyOutputs;

/**
 * A model's log-probabilities of whole trajectories, for evaluation (no gradients): {@code log PF(τ)}, the sum
 * over its transitions (the exit included), and {@code log PB(τ | x)}, the sum over its non-exit transitions of
 * the backward head's log-probability of the action undoing it, at the state it led to (a uniform PB when the
 * model trains none).
 *
 * @param logPf per trajectory
 * @param logPb per trajectory
 */
public record TrajectoryLogProbabilities(double[] logPf, double[] logPb) {
  private static final String WORKSPACE = "gfn4j-evaluation-logprobs";

  /**
   * The most feature values one pass of an estimator reads here: a batch whose states would need more is taken a
   * run of whole trajectories at a time (long trajectories of a wide encoding, such as HyperGrid's k-hot of a
   * large grid, would otherwise need more than an array holds).
   */
  static final long MAX_FEATURES_PER_PASS = 1L << 24;

  /** The log PF and log PB of each trajectory of {@code batch} under {@code model}'s policies. */
  public static TrajectoryLogProbabilities of(GFlowNet model, Trajectories batch) {
    return of(model, batch, MAX_FEATURES_PER_PASS);
  }

  /** {@link #of} with passes of at most {@code maxFeatures} feature values (more for a longer trajectory). */
  static TrajectoryLogProbabilities of(GFlowNet model, Trajectories batch, long maxFeatures) {
    long maxRows = Math.max(1, maxFeatures / Math.max(1, Features.width(model.environment())));
    if (batch.transitionCount() <= maxRows) {
      return ofPart(model, batch);
    }
    double[] logPf = new double[batch.count()];
    double[] logPb = new double[batch.count()];
    int first = 0;
    while (first < batch.count()) {
      int last = first + 1; // trajectories [first, last) in one pass
      long rows = batch.length(first);
      while (last < batch.count() && rows + batch.length(last) <= maxRows) {
        rows += batch.length(last++);
      }
      TrajectoryLogProbabilities part = ofPart(model, batch.select(IntStream.range(first, last).toArray()));
      System.arraycopy(part.logPf(), 0, logPf, first, last - first);
      System.arraycopy(part.logPb(), 0, logPb, first, last - first);
      first = last;
    }
    return new TrajectoryLogProbabilities(logPf, logPb);
  }

  /** {@link #of} in one pass of each estimator. */
  private static TrajectoryLogProbabilities ofPart(GFlowNet model, Trajectories batch) {
    StepEnvironment<?, ?> environment = model.environment();
    States states = batch.states();
    double[] forward = Heads.forward(environment, states,
        PolicyOutputs.of(model.forwardPolicy(), states, WORKSPACE), batch.actions()).values();
    int transitions = batch.transitionCount();
    int[] fromRows = new int[transitions - batch.count()];
    int[] nextRows = new int[fromRows.length];
    for (int t = 0, k = 0; t < transitions; t++) {
      if (!batch.isExit(t)) {
        fromRows[k] = t;
        nextRows[k++] = t + 1;
      }
    }
    double[] backward = new double[0];
    if (fromRows.length > 0) {
      States next = states.select(nextRows);
      ActionBatch undone = Heads.backwardActions(environment, states.select(fromRows),
          batch.actions().select(fromRows), next);
      backward = Heads.backward(environment, next, PolicyOutputs.of(backwardPolicy(model), next, WORKSPACE), undone)
          .values();
    }
    double[] logPf = new double[batch.count()];
    double[] logPb = new double[batch.count()];
    for (int i = 0, k = 0; i < batch.count(); i++) {
      for (int t = batch.start(i); t < batch.end(i); t++) {
        logPf[i] += forward[t];
        if (!batch.isExit(t)) {
          logPb[i] += backward[k++];
        }
      }
    }
    return new TrajectoryLogProbabilities(logPf, logPb);
  }

  private static Estimator backwardPolicy(GFlowNet model) {
    Optional<Estimator> trained = model.backwardPolicy();
    return trained.orElseGet(() -> new UniformEstimator(Features.width(model.environment()),
        model.environment().backwardHead().outputDim()));
  }
}
