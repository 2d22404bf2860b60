package org.gfn4j.core.nn;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.policy.ForwardPass;
import org.gfn4j.core.backend.Nd4jBackend;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A table with one row of outputs per state, initialised to zero (torchgfn's {@code Tabular}). A state is
 * recognised by its encoded feature vector, so any injective encoding works. {@link #registerStates} fixes the
 * row of every state (the run factory registers an enumerable environment's states in canonical index order, so
 * a saved table reloads with the same rows); states not registered get the next free row when first seen.
 */
public final class TabularEstimator implements Estimator {
  private final int inputDim;
  private final int outputDim;
  private final int capacity;
  private final INDArray parameters;
  private final INDArray gradients;
  private final Map<Key, Integer> rows = new HashMap<>();

  /**
   * @param capacity number of distinct states the table can hold (the environment's state count)
   */
  public TabularEstimator(int inputDim, int outputDim, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("a tabular estimator needs the number of states; got " + capacity);
    }
    this.inputDim = inputDim;
    this.outputDim = outputDim;
    this.capacity = capacity;
    this.parameters = Nd4j.zeros(DataType.FLOAT, (long) capacity * outputDim);
    this.gradients = Nd4j.zeros(DataType.FLOAT, (long) capacity * outputDim);
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

  /**
   * Gives {@code rows} states, encoded in {@code features} ({@code rows * inputDim}, row-major), the table rows
   * {@code 0 .. rows - 1} in order.
   *
   * @throws IllegalStateException if rows were already assigned or a state repeats (the encoding is not injective)
   */
  public void registerStates(float[] features, int rows) {
    if (!this.rows.isEmpty()) {
      throw new IllegalStateException("tabular estimator: rows are already assigned");
    }
    if (rows > capacity) {
      throw new IllegalArgumentException("tabular estimator holds " + capacity + " states, not " + rows);
    }
    for (int r = 0; r < rows; r++) {
      Key key = new Key(Arrays.copyOfRange(features, r * inputDim, (r + 1) * inputDim));
      if (this.rows.putIfAbsent(key, r) != null) {
        throw new IllegalStateException("tabular estimator: states " + this.rows.get(key) + " and " + r
            + " have the same encoding " + key + "; a table needs an injective encoding");
      }
    }
  }

  private int[] rowsOf(INDArray input) {
    if (input.rank() != 2 || input.columns() != inputDim) {
      throw new IllegalArgumentException("tabular estimator expects input [rows, " + inputDim + "], got "
          + Arrays.toString(input.shape()));
    }
    float[] features = Nd4jBackend.toFloats(input);
    int[] indices = new int[(int) input.rows()];
    for (int r = 0; r < indices.length; r++) {
      Key key = new Key(Arrays.copyOfRange(features, r * inputDim, (r + 1) * inputDim));
      Integer row = rows.get(key);
      if (row == null) {
        if (rows.size() == capacity) {
          throw new IllegalStateException("tabular estimator is full: state with features " + key + " would be "
              + "state number " + (capacity + 1) + " but the table holds " + capacity);
        }
        row = rows.size();
        rows.put(key, row);
      }
      indices[r] = row;
    }
    return indices;
  }

  @Override
  public INDArray predict(INDArray input) {
    int[] indices = rowsOf(input);
    float[] table = new float[capacity * outputDim];
    Nd4jBackend.read(parameters, table);
    float[] output = new float[indices.length * outputDim];
    for (int r = 0; r < indices.length; r++) {
      System.arraycopy(table, indices[r] * outputDim, output, r * outputDim, outputDim);
    }
    return Nd4jBackend.matrix(output, indices.length, outputDim, input.dataType());
  }

  @Override
  public ForwardPass forward(INDArray input) {
    int[] indices = rowsOf(input);
    INDArray output = predict(input);
    return new ForwardPass() {
      @Override
      public INDArray output() {
        return output;
      }

      @Override
      public void backward(INDArray outputGradient) {
        double[] gradient = Nd4jBackend.toDoubles(outputGradient);
        float[] table = new float[capacity * outputDim];
        Nd4jBackend.read(gradients, table);
        for (int r = 0; r < indices.length; r++) {
          for (int c = 0; c < outputDim; c++) {
            table[indices[r] * outputDim + c] += (float) gradient[r * outputDim + c];
          }
        }
        Nd4jBackend.write(table, gradients);
      }
    };
  }

  @Override
  public String describe() {
    return "tabular " + capacity + "x" + outputDim;
  }

  private record Key(float[] features) {
    @Override
    public boolean equals(Object other) {
      return other instanceof Key key && Arrays.equals(features, key.features);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(features);
    }

    @Override
    public String toString() {
      return Arrays.toString(features);
    }
  }
}
