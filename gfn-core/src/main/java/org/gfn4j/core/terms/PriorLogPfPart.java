package org.gfn4j.core.terms;

import org.gfn4j.api.data.Trajectories;
import org.gfn4j.core.sampling.Heads;

/** {@code PRIOR_LOG_PF}: the frozen prior's log-probability of each transition's action (inference only). */
final class PriorLogPfPart implements TermPart {
  private final double[] values;

  PriorLogPfPart(TermContext context) {
    Trajectories batch = context.batch();
    EstimatorOutputs prior = new EstimatorOutputs(context.model().prior().orElseThrow(), batch.states(), false);
    values = Heads.forward(context.model().environment(), batch.states(), prior.outputs(), batch.actions()).values();
  }

  @Override
  public double[] values() {
    return values;
  }

  @Override
  public void backward(double[] gradient) {
    // no gradient: the prior is frozen
  }
}
