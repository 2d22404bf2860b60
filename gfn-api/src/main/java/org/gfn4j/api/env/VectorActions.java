package org.gfn4j.api.env;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;

/**
 * One real action vector of width {@code dim} per row of a batch of states, with an exit flag per row; an exit
 * row's vector is meaningless (zeros).
 *
 * @param dim width of each action vector
 * @param values {@code size * dim} reals, row-major; owned by this value
 * @param exits whether each row is the exit; owned by this value
 */
public record VectorActions(int dim, double[] values, boolean[] exits) implements ActionBatch {
  public VectorActions {
    requireNonNull(values, "values is null");
    requireNonNull(exits, "exits is null");
    if (dim < 1 || values.length != exits.length * dim) {
      throw new IllegalArgumentException(values.length + " action values do not form " + exits.length
          + " actions of width " + dim);
    }
  }

  /** Actions of which none is an exit. */
  public static VectorActions of(int dim, double... values) {
    return new VectorActions(dim, values.clone(), new boolean[values.length / Math.max(dim, 1)]);
  }

  @Override
  public int size() {
    return exits.length;
  }

  /** Coordinate {@code d} of row {@code row}'s action. */
  public double get(int row, int d) {
    return values[row * dim + d];
  }

  /** A copy of row {@code row}'s action vector. */
  public double[] row(int row) {
    return Arrays.copyOfRange(values, row * dim, (row + 1) * dim);
  }

  @Override
  public boolean isExit(int row) {
    return exits[row];
  }

  @Override
  public VectorActions select(int[] rows) {
    double[] selected = new double[rows.length * dim];
    boolean[] selectedExits = new boolean[rows.length];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(values, rows[i] * dim, selected, i * dim, dim);
      selectedExits[i] = exits[rows[i]];
    }
    return new VectorActions(dim, selected, selectedExits);
  }

  @Override
  public String format(int row) {
    return exits[row] ? "exit" : Arrays.toString(row(row));
  }

  /** The rows of every batch in order (all of one width). */
  public static VectorActions concat(List<VectorActions> batches) {
    int dim = batches.get(0).dim;
    int rows = 0;
    for (VectorActions batch : batches) {
      if (batch.dim != dim) {
        throw new IllegalArgumentException("cannot concatenate actions of widths " + dim + " and " + batch.dim);
      }
      rows += batch.size();
    }
    double[] values = new double[rows * dim];
    boolean[] exits = new boolean[rows];
    int at = 0;
    for (VectorActions batch : batches) {
      System.arraycopy(batch.values, 0, values, at * dim, batch.values.length);
      System.arraycopy(batch.exits, 0, exits, at, batch.size());
      at += batch.size();
    }
    return new VectorActions(dim, values, exits);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VectorActions actions && dim == actions.dim && Arrays.equals(values, actions.values)
        && Arrays.equals(exits, actions.exits);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(values) + Arrays.hashCode(exits);
  }

  @Override
  public String toString() {
    return "VectorActions" + dim + Arrays.toString(values);
  }
}
