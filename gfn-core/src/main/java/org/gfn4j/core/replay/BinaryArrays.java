package org.gfn4j.core.replay;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Whole arrays written to and read from a data stream in blocks (big-endian, as {@link DataOutput} writes single
 * values), so that a buffer of many entries is not written value by value, and the checks of what is read back.
 * Lengths are not written: the caller writes them and checks them on reading.
 */
final class BinaryArrays {
  private static final int BLOCK = 8192;

  private BinaryArrays() {}

  static void writeInts(DataOutput out, int[] values) throws IOException {
    write(out, values.length, Integer.BYTES, (block, at, n) -> block.asIntBuffer().put(values, at, n));
  }

  static int[] readInts(DataInput in, int length) throws IOException {
    int[] values = new int[length];
    read(in, length, Integer.BYTES, (block, at, n) -> block.asIntBuffer().get(values, at, n));
    return values;
  }

  static void writeDoubles(DataOutput out, double[] values) throws IOException {
    write(out, values.length, Double.BYTES, (block, at, n) -> block.asDoubleBuffer().put(values, at, n));
  }

  static double[] readDoubles(DataInput in, int length) throws IOException {
    double[] values = new double[length];
    read(in, length, Double.BYTES, (block, at, n) -> block.asDoubleBuffer().get(values, at, n));
    return values;
  }

  /** Writes one byte per flag (0 or 1). */
  static void writeBooleans(DataOutput out, boolean[] flags) throws IOException {
    byte[] bytes = new byte[flags.length];
    for (int i = 0; i < flags.length; i++) {
      bytes[i] = (byte) (flags[i] ? 1 : 0);
    }
    out.write(bytes);
  }

  static boolean[] readBooleans(DataInput in, int length) throws IOException {
    byte[] bytes = new byte[length];
    in.readFully(bytes);
    boolean[] flags = new boolean[length];
    for (int i = 0; i < length; i++) {
      flags[i] = bytes[i] != 0;
    }
    return flags;
  }

  /**
   * {@code rows * width} as an array length.
   *
   * @throws IllegalArgumentException naming {@code what} if either is negative or the product is too large
   */
  static int length(String what, int rows, int width) {
    long length = (long) rows * width;
    if (rows < 0 || width < 0 || length > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("replay buffer: corrupt checkpoint, " + rows + " x " + width + " " + what);
    }
    return (int) length;
  }

  /**
   * Checks that a saved setting equals the run's.
   *
   * @throws IllegalArgumentException naming the setting and both values
   */
  static void checkSetting(String setting, Object saved, Object run) {
    if (!saved.equals(run)) {
      throw new IllegalArgumentException("replay buffer: " + setting + " " + saved + " in the checkpoint, " + run
          + " in the run");
    }
  }

  /** Moves {@code n} values, from index {@code at} of an array, between the array and a block (at its start). */
  @FunctionalInterface
  private interface BlockCopy {
    void copy(ByteBuffer block, int at, int n);
  }

  /** Writes {@code length} values of {@code bytes} bytes each, a block at a time, {@code fill} putting them in. */
  private static void write(DataOutput out, int length, int bytes, BlockCopy fill) throws IOException {
    ByteBuffer block = ByteBuffer.allocate(BLOCK);
    for (int at = 0; at < length; ) {
      int n = Math.min(BLOCK / bytes, length - at);
      block.clear();
      fill.copy(block, at, n);
      out.write(block.array(), 0, n * bytes);
      at += n;
    }
  }

  /** Reads {@code length} values of {@code bytes} bytes each, a block at a time, {@code drain} taking them out. */
  private static void read(DataInput in, int length, int bytes, BlockCopy drain) throws IOException {
    byte[] buffer = new byte[BLOCK];
    for (int at = 0; at < length; ) {
      int n = Math.min(BLOCK / bytes, length - at);
      in.readFully(buffer, 0, n * bytes);
      drain.copy(ByteBuffer.wrap(buffer, 0, n * bytes), at, n);
      at += n;
    }
  }
}
