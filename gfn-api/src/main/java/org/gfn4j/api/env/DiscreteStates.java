package org.gfn4j.api.env;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * A batch of discrete states: {@code size()} integer vectors of length {@code dim()}, with forward and backward
 * masks computed on first use and cached. Not thread-safe; the values must not be modified after construction.
 */
public final class DiscreteStates {
  private final DiscreteEnvironment environment;
  private final int rows;
  private final int[] values;
  private Masks forwardMasks;
  private Masks backwardMasks;

  /**
   * @param environment the environment whose rules give the masks
   * @param rows batch size
   * @param values {@code rows * environment.stateDim()} ints, row-major; owned by this object afterwards
   */
  public DiscreteStates(DiscreteEnvironment environment, int rows, int[] values) {
    this.environment = requireNonNull(environment, "environment is null");
    this.values = requireNonNull(values, "values is null");
    if (rows < 0 || values.length != rows * environment.stateDim()) {
      throw new IllegalArgumentException("environment '" + environment.name() + "': " + values.length
          + " values do not form " + rows + " states of dimension " + environment.stateDim());
    }
    this.rows = rows;
  }

  /** The environment these states belong to. */
  public DiscreteEnvironment environment() {
    return environment;
  }

  /** Number of states in the batch. */
  public int size() {
    return rows;
  }

  /** Length of each state vector. */
  public int dim() {
    return environment.stateDim();
  }

  /** Coordinate {@code d} of state {@code row}. */
  public int get(int row, int d) {
    return values[row * dim() + d];
  }

  /** A copy of one state's vector. */
  public int[] row(int row) {
    int dim = dim();
    return Arrays.copyOfRange(values, row * dim, (row + 1) * dim);
  }

  /** The backing row-major values; callers must not modify them. */
  int[] values() {
    return values;
  }

  /** A copy of all values, row-major. */
  public int[] toArray() {
    return values.clone();
  }

  /** Forward masks ({@code size() x actionCount()}), computed once. */
  public Masks forwardMasks() {
    if (forwardMasks == null) {
      boolean[] allowed = new boolean[rows * environment.actionCount()];
      environment.fillForwardMasks(this, allowed);
      forwardMasks = new Masks(rows, environment.actionCount(), allowed);
    }
    return forwardMasks;
  }

  /** Backward masks ({@code size() x (actionCount() - 1)}), computed once. */
  public Masks backwardMasks() {
    if (backwardMasks == null) {
      boolean[] allowed = new boolean[rows * (environment.actionCount() - 1)];
      environment.fillBackwardMasks(this, allowed);
      backwardMasks = new Masks(rows, environment.actionCount() - 1, allowed);
    }
    return backwardMasks;
  }

  /** Whether state {@code row} has no parent (no allowed backward action). */
  public boolean isInitial(int row) {
    return backwardMasks().countAllowed(row) == 0;
  }

  /** The states at the given rows, in that order (a row may repeat). Cached masks are carried over. */
  public DiscreteStates select(int[] selectedRows) {
    int dim = dim();
    int[] selected = new int[selectedRows.length * dim];
    for (int i = 0; i < selectedRows.length; i++) {
      System.arraycopy(values, selectedRows[i] * dim, selected, i * dim, dim);
    }
    DiscreteStates result = new DiscreteStates(environment, selectedRows.length, selected);
    if (forwardMasks != null) {
      result.forwardMasks = forwardMasks.select(selectedRows);
    }
    if (backwardMasks != null) {
      result.backwardMasks = backwardMasks.select(selectedRows);
    }
    return result;
  }

  /** Whether row {@code a} of this batch and row {@code b} of {@code other} hold the same state. */
  public boolean sameState(int a, DiscreteStates other, int b) {
    int dim = dim();
    return Arrays.equals(values, a * dim, (a + 1) * dim, other.values, b * dim, (b + 1) * dim);
  }

  /** One state as text, {@code "[3, 1]"}. */
  public String format(int row) {
    return Arrays.toString(row(row));
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(environment.name()).append(" states ").append(rows).append(" [");
    for (int row = 0; row < Math.min(rows, 8); row++) {
      text.append(row == 0 ? "" : ", ").append(format(row));
    }
    return text.append(rows > 8 ? ", ...]" : "]").toString();
  }
}
