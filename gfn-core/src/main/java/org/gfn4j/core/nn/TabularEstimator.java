package org.gfn4j.core.nn;

import java.util.Arrays;
import org.bytedeco.javacpp.FloatPointer;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.policy.ForwardPass;
import org.gfn4j.core.backend.Nd4jBackend;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A table with one row of outputs per state, initialised to zero (torchgfn's {@code Tabular}). A state is
 * recognised by its encoded feature vector, so any injective encoding works: the index is an open-addressing hash
 * table keyed by a 128-bit fingerprint of the nonzero features (their positions and bit patterns, each mixed by
 * SplitMix64's finaliser), so a lookup costs one pass over the features whatever the table's size, and rows are
 * read and written one by one, never the whole table. {@link #registerStates} fixes the row of every state (the
 * run factory registers an enumerable environment's states in canonical index order, so a saved table reloads
 * with the same rows; two registered states with one fingerprint are refused); states not registered get the next
 * free row when first seen. Holds at most {@value #MAX_STATES} states.
 */
public final class TabularEstimator implements Estimator {
  /** The most states a table holds: its rows, gradients, optimiser moments and index then take about 64 bytes each. */
  public static final int MAX_STATES = 4_000_000;

  private static final long EMPTY = -1;

  private final int inputDim;
  private final int outputDim;
  private final int capacity;
  private final INDArray parameters;
  private final INDArray gradients;
  private final long[] first;
  private final long[] second;
  private final int[] rowOfSlot;
  private final int mask;
  private int size;

  /**
   * @param capacity number of distinct states the table can hold (the environment's state count, at most
   *     {@value #MAX_STATES})
   */
  public TabularEstimator(int inputDim, int outputDim, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("a tabular estimator needs the number of states; got " + capacity);
    }
    if (capacity > MAX_STATES) {
      throw new IllegalArgumentException("a tabular estimator holds at most " + MAX_STATES + " states, not "
          + capacity);
    }
    this.inputDim = inputDim;
    this.outputDim = outputDim;
    this.capacity = capacity;
    this.parameters = Nd4j.zeros(DataType.FLOAT, (long) capacity * outputDim);
    this.gradients = Nd4j.zeros(DataType.FLOAT, (long) capacity * outputDim);
    int slots = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) * 2; // a power of two >= 2 * capacity
    this.first = new long[slots];
    this.second = new long[slots];
    this.rowOfSlot = new int[slots];
    Arrays.fill(rowOfSlot, (int) EMPTY);
    this.mask = slots - 1;
  }

  @Override
  public int inputDim() {
    return inputDim;
  }

  @Override
  public int outputDim() {
    return outputDim;
  }

  @Override
  public INDArray parameters() {
    return parameters;
  }

  @Override
  public INDArray gradients() {
    return gradients;
  }

  /** Number of states given a row so far. */
  public int size() {
    return size;
  }

  /**
   * Gives {@code rows} states, encoded in {@code features} ({@code rows * inputDim}, row-major), the next table
   * rows in order: the first call rows {@code 0 .. rows - 1}, a further call (a large environment registered in
   * chunks) the rows after those.
   *
   * @throws IllegalStateException if a state repeats (the encoding is not injective) or was seen before
   * @throws IllegalArgumentException if the table cannot hold them
   */
  public void registerStates(float[] features, int rows) {
    if ((long) size + rows > capacity) {
      throw new IllegalArgumentException("tabular estimator holds " + capacity + " states, not " + (size + rows));
    }
    for (int r = 0; r < rows; r++) {
      int before = size;
      int row = rowOf(features, r);
      if (row != before) {
        throw new IllegalStateException("tabular estimator: states " + row + " and " + before + " have the same "
            + "encoding " + format(features, r) + "; a table needs an injective encoding");
      }
    }
  }

  /** The row of state {@code r} of {@code features}, the next free one if unseen. */
  private int rowOf(float[] features, int r) {
    int base = r * inputDim;
    long a = 0x243F6A8885A308D3L;
    long b = 0x13198A2E03707344L;
    for (int j = 0; j < inputDim; j++) {
      float value = features[base + j];
      if (Float.floatToRawIntBits(value) != 0) { // +0 is skipped: sparse encodings hash fast
        long token = ((long) j << 32) | (Float.floatToIntBits(value) & 0xFFFFFFFFL);
        a = mix64(a ^ token) + 0x9E3779B97F4A7C15L;
        b = mix64(b + token * 0xD6E8FEB86659FD93L) ^ 0xA0761D6478BD642FL;
      }
    }
    a = mix64(a + inputDim);
    b = mix64(b ^ inputDim);
    int slot = (int) (a ^ (a >>> 32)) & mask;
    while (rowOfSlot[slot] != EMPTY) {
      if (first[slot] == a && second[slot] == b) {
        return rowOfSlot[slot];
      }
      slot = (slot + 1) & mask;
    }
    if (size == capacity) {
      throw new IllegalStateException("tabular estimator is full: state with features " + format(features, r)
          + " would be state number " + (capacity + 1) + " but the table holds " + capacity);
    }
    first[slot] = a;
    second[slot] = b;
    rowOfSlot[slot] = size;
    return size++;
  }

  private int[] rowsOf(float[] features, int rows) {
    if (features.length < (long) rows * inputDim) {
      throw new IllegalArgumentException("tabular estimator expects " + rows + " x " + inputDim + " features, got "
          + features.length);
    }
    int[] indices = new int[rows];
    for (int r = 0; r < rows; r++) {
      indices[r] = rowOf(features, r);
    }
    return indices;
  }

  private int[] rowsOf(INDArray input) {
    if (input.rank() != 2 || input.columns() != inputDim) {
      throw new IllegalArgumentException("tabular estimator expects input [rows, " + inputDim + "], got "
          + Arrays.toString(input.shape()));
    }
    return rowsOf(Nd4jBackend.toFloats(input), (int) input.rows());
  }

  /** The table rows {@code indices}, one after the other, read from the parameters without copying the rest. */
  private float[] gather(int[] indices) {
    float[] output = new float[indices.length * outputDim];
    FloatPointer table = new FloatPointer(parameters.data().addressPointer());
    for (int r = 0; r < indices.length; r++) {
      table.position((long) indices[r] * outputDim).get(output, r * outputDim, outputDim);
    }
    return output;
  }

  @Override
  public INDArray predict(INDArray input) {
    int[] indices = rowsOf(input);
    return Nd4jBackend.matrix(gather(indices), indices.length, outputDim, input.dataType());
  }

  @Override
  public double[] predict(float[] features, int rows) {
    return Nd4jBackend.toDoubles(gather(rowsOf(features, rows)));
  }

  @Override
  public ForwardPass forward(INDArray input) {
    int[] indices = rowsOf(input);
    INDArray output = Nd4jBackend.matrix(gather(indices), indices.length, outputDim, input.dataType());
    return new ForwardPass() {
      @Override
      public INDArray output() {
        return output;
      }

      @Override
      public void backward(INDArray outputGradient) {
        double[] gradient = Nd4jBackend.toDoubles(outputGradient);
        FloatPointer table = new FloatPointer(gradients.data().addressPointer());
        float[] row = new float[outputDim];
        for (int r = 0; r < indices.length; r++) { // row by row, so that repeated states accumulate
          table.position((long) indices[r] * outputDim).get(row, 0, outputDim);
          for (int c = 0; c < outputDim; c++) {
            row[c] += (float) gradient[r * outputDim + c];
          }
          table.put(row, 0, outputDim);
        }
      }
    };
  }

  @Override
  public String describe() {
    return "tabular " + capacity + "x" + outputDim;
  }

  private String format(float[] features, int r) {
    return Arrays.toString(Arrays.copyOfRange(features, r * inputDim, (r + 1) * inputDim));
  }

  private static long mix64(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
