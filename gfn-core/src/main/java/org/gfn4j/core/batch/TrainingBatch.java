package org.gfn4j.core.batch;

import java.util.Optional;
import org.gfn4j.api.data.Trajectories;

/**
 * Trajectories to train on, typed by how they were obtained, because that decides which log-probabilities may be
 * reused: an {@link OnPolicyBatch} was sampled by the current forward policy itself, so the sampler's log PF
 * values are those of the policy being trained; an {@link OffPolicyBatch} (replayed, tempered, epsilon-mixed,
 * backward-sampled) carries no log-probabilities at all, so nothing can mistake the behaviour policy's
 * probabilities for PF's. The trainer recomputes PF in one batched pass for the gradient, unless the sampler
 * recorded its passes ({@link RecordedBatch}).
 */
public sealed interface TrainingBatch permits OnPolicyBatch, OffPolicyBatch, MixedBatch, RecordedBatch {
  /** All trajectories of the batch. */
  Trajectories trajectories();

  /**
   * The sampler's log PF of each transition of {@link #trajectories()} under the current parameters, or NaN
   * where the transition was not sampled on-policy.
   */
  double[] recordedLogPf();

  /** The sampler's recorded inference over the batch's states, if it kept one ({@link RecordedBatch}). */
  default Optional<RecordedPasses> recordedPasses() {
    return Optional.empty();
  }
}
