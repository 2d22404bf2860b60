package org.gfn4j.core.terms;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.core.batch.RecordedPasses;
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
  private final Optional<RecordedPasses> recordedPasses;
  private EstimatorOutputs forwardAtStates;

  /**
   * @param recordedLogPf the sampler's log PF per transition, NaN where none was recorded (off-policy)
   */
  public TermContext(GFlowNet model, Trajectories batch, double[] recordedLogPf) {
    this(model, batch, recordedLogPf, Optional.empty());
  }

  /**
   * @param recordedLogPf the sampler's log PF per transition, NaN where none was recorded (off-policy)
   * @param recordedPasses the sampler's recorded inference over the batch's states, reused for PF's (and PB's)
   *     passes
   */
  public TermContext(GFlowNet model, Trajectories batch, double[] recordedLogPf,
      Optional<RecordedPasses> recordedPasses) {
    this.model = requireNonNull(model, "model is null");
    this.batch = requireNonNull(batch, "batch is null");
    this.recordedLogPf = requireNonNull(recordedLogPf, "recordedLogPf is null");
    this.recordedPasses = requireNonNull(recordedPasses, "recordedPasses is null");
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

  /** The sampler's recorded inference over the batch's states, if any. */
  Optional<RecordedPasses> recordedPasses() {
    return recordedPasses;
  }

  /** PF's trainable pass over every transition's state (the sampler's, where it recorded it), made on first use. */
  EstimatorOutputs forwardAtStates() {
    if (forwardAtStates == null) {
      int width = model.forwardPolicy().outputDim();
      forwardAtStates = recordedPasses
          .map(passes -> new EstimatorOutputs(passes.forward(), width, passes.forwardRow()))
          .orElseGet(() -> new EstimatorOutputs(model.forwardPolicy(), batch.states(), true));
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
