package org.gfn4j.api.env;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;

/**
 * The condition vector of each row of a batch ({@code rows x width} reals, row-major): what a conditional
 * GFlowNet's reward, flows and policies depend on besides the state. Width 0 means unconditional. Immutable.
 */
public final class Conditions {
  private final int rows;
  private final int width;
  private final double[] values;

  private Conditions(int rows, int width, double[] values) {
    this.rows = rows;
    this.width = width;
    this.values = values;
  }

  /**
   * Conditions from raw values.
   *
   * @param values {@code rows * width} values, row-major; copied
   * @throws IllegalArgumentException if the sizes disagree or a value is not finite
   */
  public static Conditions of(int rows, int width, double[] values) {
    requireNonNull(values, "values is null");
    if (rows < 0 || width < 0 || values.length != rows * width) {
      throw new IllegalArgumentException(values.length + " condition values do not form " + rows + " rows of width "
          + width);
    }
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException("condition of row " + i / width + " has the non-finite value "
            + values[i] + " at coordinate " + i % width);
      }
    }
    return new Conditions(rows, width, values.clone());
  }

  /** No condition for each of {@code rows} rows (width 0). */
  public static Conditions none(int rows) {
    if (rows < 0) {
      throw new IllegalArgumentException("rows must be >= 0, got " + rows);
    }
    return new Conditions(rows, 0, new double[0]);
  }

  /** The same condition {@code value} for each of {@code rows} rows. */
  public static Conditions constant(int rows, double... value) {
    double[] values = new double[rows * value.length];
    for (int row = 0; row < rows; row++) {
      System.arraycopy(value, 0, values, row * value.length, value.length);
    }
    return of(rows, value.length, values);
  }

  /** Number of rows. */
  public int rows() {
    return rows;
  }

  /** Width of each condition vector (0: unconditional). */
  public int width() {
    return width;
  }

  /** Whether there is no condition (width 0). */
  public boolean isEmpty() {
    return width == 0;
  }

  /** Coordinate {@code d} of row {@code row}'s condition. */
  public double get(int row, int d) {
    return values[row * width + d];
  }

  /** A copy of row {@code row}'s condition. */
  public double[] row(int row) {
    return Arrays.copyOfRange(values, row * width, (row + 1) * width);
  }

  /** A copy of every value, row-major. */
  public double[] toArray() {
    return values.clone();
  }

  /** The conditions of the given rows, in that order. */
  public Conditions select(int[] selectedRows) {
    double[] selected = new double[selectedRows.length * width];
    for (int i = 0; i < selectedRows.length; i++) {
      System.arraycopy(values, selectedRows[i] * width, selected, i * width, width);
    }
    return new Conditions(selectedRows.length, width, selected);
  }

  /** Whether row {@code a} here and row {@code b} of {@code other} hold the same condition. */
  public boolean sameRow(int a, Conditions other, int b) {
    return width == other.width
        && Arrays.equals(values, a * width, (a + 1) * width, other.values, b * width, (b + 1) * width);
  }

  /** The rows of every part in order (all of one width). */
  public static Conditions concat(List<Conditions> parts) {
    int width = parts.isEmpty() ? 0 : parts.get(0).width;
    int rows = 0;
    for (Conditions part : parts) {
      if (part.width != width) {
        throw new IllegalArgumentException("cannot concatenate conditions of widths " + width + " and " + part.width);
      }
      rows += part.rows;
    }
    double[] values = new double[rows * width];
    int at = 0;
    for (Conditions part : parts) {
      System.arraycopy(part.values, 0, values, at, part.values.length);
      at += part.values.length;
    }
    return new Conditions(rows, width, values);
  }

  /** Row {@code row} as text, {@code ""} when unconditional, else {@code " | c=[0.5]"}. */
  public String format(int row) {
    return width == 0 ? "" : " | c=" + Arrays.toString(row(row));
  }

  /**
   * Checks that these conditions fit a batch of {@code expectedRows} states of an environment with conditions of
   * width {@code expectedWidth}. Width 0 is accepted for a conditional environment too: "bare" states, which steps,
   * masks and enumeration accept but rewards and estimator inputs refuse.
   *
   * @throws IllegalArgumentException naming the environment, the widths and the row counts
   */
  public Conditions check(String environment, int expectedRows, int expectedWidth) {
    if (width != expectedWidth && width != 0) {
      throw new IllegalArgumentException("environment '" + environment + "' takes conditions of width "
          + expectedWidth + ", got width " + width);
    }
    if (rows != expectedRows) {
      throw new IllegalArgumentException("environment '" + environment + "': " + rows + " conditions for "
          + expectedRows + " states");
    }
    return this;
  }

  /**
   * Checks that these conditions are of {@code expectedWidth}, bare states of a conditional environment excluded:
   * what a reward or an estimator input of a conditional environment requires.
   *
   * @throws IllegalArgumentException naming the environment and what is missing
   */
  public Conditions require(String environment, int expectedWidth) {
    if (width != expectedWidth) {
      throw new IllegalArgumentException("environment '" + environment + "' is conditional (conditions of width "
          + expectedWidth + "), but these states carry " + (width == 0 ? "no condition" : "conditions of width "
          + width) + "; give each state its condition (States.withConditions)");
    }
    return this;
  }
}
