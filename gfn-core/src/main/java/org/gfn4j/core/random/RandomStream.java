package org.gfn4j.core.random;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.random.RandomGenerator;
import org.gfn4j.core.state.Stateful;

/**
 * A seeded random stream whose position can be saved and restored: SplitMix64 (Steele, Lea and Flood, 2014), the
 * generator of {@link java.util.SplittableRandom}, and draw for draw the same numbers as
 * {@code new SplittableRandom(seed)} for every method of {@link RandomGenerator}. Its whole state is one
 * {@code long}; not thread-safe.
 */
public final class RandomStream implements RandomGenerator, Stateful {
  private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

  private long state;

  /** The stream that {@code new SplittableRandom(seed)} would produce. */
  public RandomStream(long seed) {
    this.state = seed;
  }

  @Override
  public long nextLong() {
    return mix64(state += GOLDEN_GAMMA);
  }

  @Override
  public int nextInt() {
    return mix32(state += GOLDEN_GAMMA);
  }

  /** The stream's position: restoring it with {@link #setPosition} replays the draws from there on. */
  public long position() {
    return state;
  }

  /** Moves the stream to a position that {@link #position} returned. */
  public void setPosition(long position) {
    state = position;
  }

  @Override
  public void writeState(DataOutput out) throws IOException {
    out.writeLong(state);
  }

  @Override
  public void readState(DataInput in) throws IOException {
    state = in.readLong();
  }

  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  private static int mix32(long z) {
    z = (z ^ (z >>> 33)) * 0x62a9d9ed799705f5L;
    return (int) (((z ^ (z >>> 28)) * 0xcb24d0a5c88c35b3L) >>> 32);
  }
}
