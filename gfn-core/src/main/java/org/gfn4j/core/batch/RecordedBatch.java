package org.gfn4j.core.batch;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.gfn4j.api.data.Trajectories;

/**
 * A freshly sampled batch (on- or off-policy) with the sampler's recorded inference over its states, which the
 * trainer reuses instead of running PF (and PB) again. Valid until the parameters change.
 *
 * @param sampled the batch as sampled
 * @param passes the recorded inference
 */
public record RecordedBatch(TrainingBatch sampled, RecordedPasses passes) implements TrainingBatch {
  public RecordedBatch {
    requireNonNull(sampled, "sampled is null");
    requireNonNull(passes, "passes is null");
    if (passes.forwardRow().length != sampled.trajectories().transitionCount()) {
      throw new IllegalArgumentException(passes.forwardRow().length + " recorded rows for "
          + sampled.trajectories().transitionCount() + " transitions");
    }
  }

  @Override
  public Trajectories trajectories() {
    return sampled.trajectories();
  }

  @Override
  public double[] recordedLogPf() {
    return sampled.recordedLogPf();
  }

  @Override
  public Optional<RecordedPasses> recordedPasses() {
    return Optional.of(passes);
  }
}
