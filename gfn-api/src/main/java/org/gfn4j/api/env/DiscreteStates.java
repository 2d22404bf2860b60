package org.gfn4j.api.env;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;

/**
 * A batch of discrete states: {@code size()} integer vectors of length {@code dim()}, each with its condition,
 * with forward and backward masks computed on first use and cached. Not thread-safe; the values must not be
 * modified after construction.
 */
public final class DiscreteStates implements States {
  private final DiscreteEnvironment environment;
  private final int rows;
  private final int[] values;
  private final Conditions conditions;
  private Masks forwardMasks;
  private Masks backwardMasks;

  /**
   * @param environment the environment whose rules give the masks
   * @param rows batch size
   * @param values {@code rows * environment.stateDim()} ints, row-major; owned by this object afterwards
   */
  public DiscreteStates(DiscreteEnvironment environment, int rows, int[] values) {
    this(environment, rows, values, Conditions.none(rows));
  }

  /**
   * @param environment the environment whose rules give the masks
   * @param rows batch size
   * @param values {@code rows * environment.stateDim()} ints, row-major; owned by this object afterwards
   * @param conditions one condition per row, of the environment's {@link Environment#conditionDim()}
   */
  public DiscreteStates(DiscreteEnvironment environment, int rows, int[] values, Conditions conditions) {
    this.environment = requireNonNull(environment, "environment is null");
    this.values = requireNonNull(values, "values is null");
    if (rows < 0 || values.length != rows * environment.stateDim()) {
      throw new IllegalArgumentException("environment '" + environment.name() + "': " + values.length
          + " values do not form " + rows + " states of dimension " + environment.stateDim());
    }
    this.rows = rows;
    this.conditions = requireNonNull(conditions, "conditions is null")
        .check(environment.name(), rows, environment.conditionDim());
  }

  @Override
  public DiscreteEnvironment environment() {
    return environment;
  }

  @Override
  public int size() {
    return rows;
  }

  @Override
  public Conditions conditions() {
    return conditions;
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

  @Override
  public DiscreteStates select(int[] selectedRows) {
    int dim = dim();
    int[] selected = new int[selectedRows.length * dim];
    for (int i = 0; i < selectedRows.length; i++) {
      System.arraycopy(values, selectedRows[i] * dim, selected, i * dim, dim);
    }
    DiscreteStates result = new DiscreteStates(environment, selectedRows.length, selected,
        conditions.select(selectedRows));
    if (forwardMasks != null) {
      result.forwardMasks = forwardMasks.select(selectedRows);
    }
    if (backwardMasks != null) {
      result.backwardMasks = backwardMasks.select(selectedRows);
    }
    return result;
  }

  @Override
  public DiscreteStates withConditions(Conditions newConditions) {
    DiscreteStates result = new DiscreteStates(environment, rows, values, newConditions);
    result.forwardMasks = forwardMasks; // masks depend on the state only
    result.backwardMasks = backwardMasks;
    return result;
  }

  @Override
  public boolean sameState(int a, States other, int b) {
    if (!(other instanceof DiscreteStates discrete) || discrete.dim() != dim()) {
      return false;
    }
    int dim = dim();
    return Arrays.equals(values, a * dim, (a + 1) * dim, discrete.values, b * dim, (b + 1) * dim)
        && conditions.sameRow(a, discrete.conditions, b);
  }

  @Override
  public String format(int row) {
    return Arrays.toString(row(row)) + conditions.format(row);
  }

  /** The rows of every batch in order (at least one; all of one environment). Masks are recomputed on demand. */
  public static DiscreteStates concat(List<DiscreteStates> batches) {
    DiscreteEnvironment environment = batches.get(0).environment;
    int dim = environment.stateDim();
    int rows = 0;
    for (DiscreteStates batch : batches) {
      rows += batch.rows;
    }
    int[] values = new int[rows * dim];
    int at = 0;
    for (DiscreteStates batch : batches) {
      System.arraycopy(batch.values, 0, values, at, batch.values.length);
      at += batch.values.length;
    }
    return new DiscreteStates(environment, rows, values,
        Conditions.concat(batches.stream().map(DiscreteStates::conditions).toList()));
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
