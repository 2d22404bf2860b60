package org.gfn4j.core.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A part of a training run whose changing state (optimiser moments, a random stream's position, a replay buffer's
 * contents) a checkpoint saves, so that a resumed run continues bit for bit where it stopped. The part's settings
 * are not state: they are rebuilt from the run's spec, and {@link #readState} checks that the saved state fits
 * them.
 */
public interface Stateful {
  /** Writes the current state. */
  void writeState(DataOutput out) throws IOException;

  /**
   * Replaces the current state by one that {@link #writeState} wrote from a part built the same way.
   *
   * @throws IllegalArgumentException naming what differs when the saved state does not fit this part (another
   *     size, another number of groups)
   * @throws IOException when the input ends early or cannot be read
   */
  void readState(DataInput in) throws IOException;
}
