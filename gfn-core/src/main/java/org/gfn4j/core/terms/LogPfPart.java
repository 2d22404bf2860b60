package org.gfn4j.core.terms;

import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.LogProbabilities;
import org.gfn4j.core.sampling.Heads;

/**
 * {@code LOG_PF}: the forward head's log-probability of each transition's action, from PF's shared pass. For
 * on-policy transitions the sampler's recorded value is used, after checking it against the recomputed one (a
 * batch trained on after the parameters changed fails).
 */
final class LogPfPart implements TermPart {
  /** Largest difference tolerated between a sampler's log PF and the recomputed one (float32 arithmetic). */
  static final double ON_POLICY_TOLERANCE = 1e-3;

  private final EstimatorOutputs forward;
  private final LogProbabilities logProbs;
  private final double[] values;

  LogPfPart(TermContext context) {
    Trajectories batch = context.batch();
    forward = context.forwardAtStates();
    logProbs = Heads.forward(context.model().environment(), batch.states(), forward.outputs(), batch.actions());
    double[] recomputed = logProbs.values();
    double[] recorded = context.recordedLogPf();
    values = new double[recomputed.length];
    for (int t = 0; t < values.length; t++) {
      if (Double.isNaN(recorded[t])) {
        values[t] = recomputed[t];
      } else if (Math.abs(recorded[t] - recomputed[t]) > ON_POLICY_TOLERANCE) {
        throw new IllegalStateException("on-policy batch is stale: transition " + t + " was sampled with log PF "
            + recorded[t] + " but the policy now gives " + recomputed[t] + "; train on a batch before the next "
            + "optimiser step, or pass it as an OffPolicyBatch");
      } else {
        values[t] = recorded[t];
      }
    }
  }

  @Override
  public double[] values() {
    return values;
  }

  @Override
  public void backward(double[] gradient) {
    logProbs.addGradient(gradient, forward.outputGradient());
  }
}
