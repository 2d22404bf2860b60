package org.gfn4j.core.eval;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.random.RandomGenerator;
import org.gfn4j.core.random.RandomStream;

/**
 * Saves and restores the position of an evaluator's random source: a {@link RandomStream}'s position, or nothing
 * for another generator that the evaluator never draws from.
 */
final class StreamState {
  private StreamState() {}

  /**
   * Writes whether a position follows, then the position.
   *
   * @param used whether the evaluator draws from {@code random}
   * @throws IllegalStateException if the evaluator draws from a generator whose position cannot be saved
   */
  static void write(RandomGenerator random, boolean used, String owner, DataOutput out) throws IOException {
    if (random instanceof RandomStream stream) {
      out.writeBoolean(true);
      out.writeLong(stream.position());
      return;
    }
    if (used) {
      throw new IllegalStateException(owner + ": its random source, a " + random.getClass().getName()
          + ", cannot save its position; build the evaluator with a RandomStream (Seeds.stream)");
    }
    out.writeBoolean(false);
  }

  /**
   * Reads what {@link #write} wrote and returns the change that restores it, to run once everything is read.
   *
   * @throws IllegalArgumentException if the evaluator draws from {@code random} but the input holds no position
   */
  static Runnable read(RandomGenerator random, boolean used, String owner, DataInput in) throws IOException {
    if (!in.readBoolean()) {
      if (used) {
        throw new IllegalArgumentException(owner + " state: the checkpoint holds no position of the random stream, "
            + "which the run draws from");
      }
      return () -> {};
    }
    long position = in.readLong();
    return random instanceof RandomStream stream ? () -> stream.setPosition(position) : () -> {};
  }
}
