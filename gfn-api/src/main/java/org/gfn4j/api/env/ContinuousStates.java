package org.gfn4j.api.env;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;

/**
 * A batch of continuous states: {@code size()} real vectors of length {@code dim()}, each with its condition, and
 * a flag per row telling whether it is the environment's initial state (the source, which a continuous
 * environment may represent by a value that is also reachable, such as the origin of a box). Immutable.
 */
public final class ContinuousStates implements States {
  private final ContinuousEnvironment environment;
  private final int rows;
  private final double[] values;
  private final boolean[] initial;
  private final Conditions conditions;

  /**
   * @param environment the environment
   * @param rows batch size
   * @param values {@code rows * environment.stateDim()} reals, row-major; owned by this object afterwards
   * @param initial whether each row is the initial state; owned by this object afterwards
   * @param conditions one condition per row, of the environment's {@link Environment#conditionDim()}
   * @throws IllegalArgumentException if the sizes disagree or a value is NaN
   */
  public ContinuousStates(ContinuousEnvironment environment, int rows, double[] values, boolean[] initial,
      Conditions conditions) {
    this.environment = requireNonNull(environment, "environment is null");
    this.values = requireNonNull(values, "values is null");
    this.initial = requireNonNull(initial, "initial is null");
    int dim = environment.stateDim();
    if (rows < 0 || values.length != rows * dim || initial.length != rows) {
      throw new IllegalArgumentException("environment '" + environment.name() + "': " + values.length + " values and "
          + initial.length + " initial flags do not form " + rows + " states of dimension " + dim);
    }
    for (int i = 0; i < values.length; i++) {
      if (Double.isNaN(values[i])) {
        throw new IllegalArgumentException("environment '" + environment.name() + "': state of row " + i / dim
            + " has NaN at coordinate " + i % dim);
      }
    }
    this.rows = rows;
    this.conditions = requireNonNull(conditions, "conditions is null")
        .check(environment.name(), rows, environment.conditionDim());
  }

  @Override
  public ContinuousEnvironment environment() {
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
  public double get(int row, int d) {
    return values[row * dim() + d];
  }

  /** Whether state {@code row} is the initial state. */
  public boolean isInitial(int row) {
    return initial[row];
  }

  /** A copy of one state's vector. */
  public double[] row(int row) {
    int dim = dim();
    return Arrays.copyOfRange(values, row * dim, (row + 1) * dim);
  }

  /** A copy of all values, row-major. */
  public double[] toArray() {
    return values.clone();
  }

  @Override
  public ContinuousStates select(int[] selectedRows) {
    int dim = dim();
    double[] selected = new double[selectedRows.length * dim];
    boolean[] selectedInitial = new boolean[selectedRows.length];
    for (int i = 0; i < selectedRows.length; i++) {
      System.arraycopy(values, selectedRows[i] * dim, selected, i * dim, dim);
      selectedInitial[i] = initial[selectedRows[i]];
    }
    return new ContinuousStates(environment, selectedRows.length, selected, selectedInitial,
        conditions.select(selectedRows));
  }

  @Override
  public ContinuousStates withConditions(Conditions newConditions) {
    return new ContinuousStates(environment, rows, values, initial, newConditions);
  }

  @Override
  public boolean sameState(int a, States other, int b) {
    if (!(other instanceof ContinuousStates continuous) || continuous.dim() != dim()) {
      return false;
    }
    int dim = dim();
    return initial[a] == continuous.initial[b]
        && Arrays.equals(values, a * dim, (a + 1) * dim, continuous.values, b * dim, (b + 1) * dim)
        && conditions.sameRow(a, continuous.conditions, b);
  }

  @Override
  public String format(int row) {
    return (initial[row] ? "initial " : "") + Arrays.toString(row(row)) + conditions.format(row);
  }

  /** The rows of every batch in order (at least one; all of one environment). */
  public static ContinuousStates concat(List<ContinuousStates> batches) {
    ContinuousEnvironment environment = batches.get(0).environment;
    int dim = environment.stateDim();
    int rows = 0;
    for (ContinuousStates batch : batches) {
      rows += batch.rows;
    }
    double[] values = new double[rows * dim];
    boolean[] initial = new boolean[rows];
    int at = 0;
    for (ContinuousStates batch : batches) {
      System.arraycopy(batch.values, 0, values, at * dim, batch.values.length);
      System.arraycopy(batch.initial, 0, initial, at, batch.rows);
      at += batch.rows;
    }
    return new ContinuousStates(environment, rows, values, initial,
        Conditions.concat(batches.stream().map(ContinuousStates::conditions).toList()));
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
