package org.gfn4j.core.terms;

import static java.util.Objects.requireNonNull;

import org.gfn4j.api.data.Trajectories;
import org.gfn4j.core.model.GFlowNet;

/**
 * What the parts of one evaluation share: the model, the batch, the sampler's recorded log PF, and PF's trainable
 * forward pass over every transition's state, made once for every part that reads it and back-propagated once
 * after all of them added their gradient.
 */
public final class TermContext {
  private final GFlowNet model;
  private final Trajectories batch;
  private final double[] recordedLogPf;
  private EstimatorOutputs forwardAtStates;

  /**
   * @param recordedLogPf the sampler's log PF per transition, NaN where none was recorded (off-policy)
   */
  public TermContext(GFlowNet model, Trajectories batch, double[] recordedLogPf) {
    this.model = requireNonNull(model, "model is null");
    this.batch = requireNonNull(batch, "batch is null");
    this.recordedLogPf = requireNonNull(recordedLogPf, "recordedLogPf is null");
  }

  /** The model. */
  public GFlowNet model() {
    return model;
  }

  /** The batch. */
  public Trajectories batch() {
    return batch;
  }

  /** The sampler's log PF of each transition (NaN: not recorded). */
  double[] recordedLogPf() {
    return recordedLogPf;
  }

  /** PF's trainable pass over every transition's state, made on first use. */
  EstimatorOutputs forwardAtStates() {
    if (forwardAtStates == null) {
      forwardAtStates = new EstimatorOutputs(model.forwardPolicy(), batch.states(), true);
    }
    return forwardAtStates;
  }

  /** Back-propagates the shared passes' accumulated gradients, once every part has added its own. */
  public void backwardShared() {
    if (forwardAtStates != null) {
      forwardAtStates.backward();
    }
  }
}
