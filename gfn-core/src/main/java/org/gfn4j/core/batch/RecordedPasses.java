package org.gfn4j.core.batch;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import org.gfn4j.core.nn.Recording;

/**
 * The sampler's recorded inference over a batch's states, for training without running the estimators again:
 * PF at every transition's state, and PB, where it was recorded, at every state after the first of its
 * trajectory.
 *
 * @param forward PF's recording
 * @param forwardRow the row of {@code forward} recorded at each transition's state, in the batch's order
 * @param backward PB's recording, if any
 * @param backwardRow the row of {@code backward} at each transition's state, -1 at a trajectory's first state
 */
public record RecordedPasses(Recording forward, int[] forwardRow, Optional<Recording> backward,
    int[] backwardRow) {
  public RecordedPasses {
    requireNonNull(forward, "forward is null");
    requireNonNull(forwardRow, "forwardRow is null");
    requireNonNull(backward, "backward is null");
    requireNonNull(backwardRow, "backwardRow is null");
    if (forwardRow.length != backwardRow.length) {
      throw new IllegalArgumentException(forwardRow.length + " forward rows but " + backwardRow.length
          + " backward rows");
    }
  }
}
