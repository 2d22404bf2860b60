package org.gfn4j.envs.ebm;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import org.gfn4j.api.math.LogSumExp;

/**
 * torchgfn's {@code IsingModel} energy {@code E(x) = -x^T J x} of spins {@code x in {-1, +1}^D}, diagonal of
 * {@code J} included (torchgfn computes {@code -(x * (x @ J^T)).sum()}). Stored row by row as its non-zero entries,
 * so a state's energy costs one multiply-add per non-zero coupling. Immutable and thread-safe.
 */
public final class IsingEnergy {
  private final int dim;
  /** Row {@code i}'s entries are {@code columns[rowStart[i] .. rowStart[i + 1])}. */
  private final int[] rowStart;
  private final int[] columns;
  private final double[] values;
  /** The value of every entry when all D x D entries are equal, else NaN. */
  private final double uniformValue;

  private IsingEnergy(double[][] matrix) {
    this.dim = matrix.length;
    this.rowStart = new int[dim + 1];
    int nonZero = 0;
    for (double[] row : matrix) {
      for (double value : row) {
        nonZero += value != 0 ? 1 : 0;
      }
    }
    this.columns = new int[nonZero];
    this.values = new double[nonZero];
    for (int i = 0, k = 0; i < dim; i++) {
      for (int j = 0; j < dim; j++) {
        if (matrix[i][j] != 0) {
          columns[k] = j;
          values[k++] = matrix[i][j];
        }
      }
      rowStart[i + 1] = k;
    }
    this.uniformValue = uniform(matrix);
  }

  /**
   * The energy of a coupling matrix.
   *
   * @param matrix a square, finite {@code D x D} matrix; copied
   * @throws IllegalArgumentException if it is empty, not square or has a non-finite entry
   */
  public static IsingEnergy of(double[][] matrix) {
    requireNonNull(matrix, "matrix is null");
    if (matrix.length == 0) {
      throw new IllegalArgumentException("an Ising coupling matrix needs at least one row");
    }
    double[][] copy = new double[matrix.length][];
    for (int i = 0; i < matrix.length; i++) {
      if (matrix[i].length != matrix.length) {
        throw new IllegalArgumentException("an Ising coupling matrix must be square, but row " + i + " of "
            + matrix.length + " has " + matrix[i].length + " entries");
      }
      for (int j = 0; j < matrix.length; j++) {
        if (!Double.isFinite(matrix[i][j])) {
          throw new IllegalArgumentException("Ising coupling J[" + i + "][" + j + "] = " + matrix[i][j]
              + " is not finite");
        }
      }
      copy[i] = matrix[i].clone();
    }
    return new IsingEnergy(copy);
  }

  /** torchgfn's default energy of {@code DiscreteEBM}: {@code J} all ones ({@code D x D}), {@code E = -(sum x)^2}. */
  public static IsingEnergy allOnes(int dim) {
    double[][] matrix = new double[dim][dim];
    for (double[] row : matrix) {
      Arrays.fill(row, 1.0);
    }
    return of(matrix);
  }

  /**
   * The couplings of torchgfn's {@code train_ising.py} ({@code make_J}): site {@code n} of an {@code L x L}
   * periodic square lattice sits at row {@code n / L}, column {@code n % L}; {@code J[a][b] = J[b][a] = coupling}
   * for each pair of lattice neighbours (row or column distance 1 modulo L), 0 elsewhere. Each bond thus appears
   * twice in {@code x^T J x}; entries are set, not added, so for {@code L = 2} the direct and the wrapped bond
   * between two sites are one entry.
   */
  public static IsingEnergy periodicLattice(int side, double coupling) {
    if (side < 1) {
      throw new IllegalArgumentException("lattice side must be >= 1, got " + side);
    }
    int n = side * side;
    double[][] matrix = new double[n][n];
    for (int site = 0; site < n; site++) {
      int row = site / side;
      int column = site % side;
      int[] neighbours = {
          row * side + (column + 1) % side, row * side + (column + side - 1) % side,
          ((row + 1) % side) * side + column, ((row + side - 1) % side) * side + column};
      for (int neighbour : neighbours) {
        matrix[site][neighbour] = coupling;
        matrix[neighbour][site] = coupling;
      }
    }
    return of(matrix);
  }

  /** Number of spins D. */
  public int dim() {
    return dim;
  }

  /** A copy of the coupling matrix {@code J}. */
  public double[][] matrix() {
    double[][] matrix = new double[dim][dim];
    for (int i = 0; i < dim; i++) {
      for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
        matrix[i][columns[k]] = values[k];
      }
    }
    return matrix;
  }

  /** Whether every one of the {@code D x D} entries has the same value ({@link #allOnes} and its multiples). */
  public boolean isUniform() {
    return !Double.isNaN(uniformValue);
  }

  /** {@code E(x) = -sum_ij x_i J_ij x_j} of the spins {@code x[offset .. offset + D)} (each -1 or +1). */
  public double energy(int[] spins, int offset) {
    double sum = 0;
    for (int i = 0; i < dim; i++) {
      double row = 0;
      for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
        row += values[k] * spins[offset + columns[k]];
      }
      sum += spins[offset + i] * row;
    }
    return -sum;
  }

  /**
   * For a uniform {@code J = c 11^T}: {@code log sum_x exp(-alpha E(x)) = log sum_k C(D, k) exp(alpha c (2k - D)^2)},
   * k counting the +1 spins, in log space.
   *
   * @throws IllegalStateException if {@code J} is not uniform
   */
  double uniformLogPartition(double alpha) {
    if (!isUniform()) {
      throw new IllegalStateException("the closed-form log Z needs a uniform coupling matrix");
    }
    double[] terms = new double[dim + 1];
    double logBinomial = 0;
    for (int k = 0; k <= dim; k++) {
      double magnetisation = 2.0 * k - dim;
      terms[k] = logBinomial + alpha * uniformValue * magnetisation * magnetisation;
      logBinomial += Math.log(dim - k) - Math.log(k + 1.0);
    }
    return LogSumExp.of(terms);
  }

  private static double uniform(double[][] matrix) {
    double first = matrix[0][0];
    for (double[] row : matrix) {
      for (double value : row) {
        if (value != first) {
          return Double.NaN;
        }
      }
    }
    return first;
  }
}
