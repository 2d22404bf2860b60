package org.gfn4j.envs.hypergrid;

import org.gfn4j.envs.random.Mt19937;

/**
 * Linear algebra over GF(2) for the bitwise_xor reward, on rows stored as bit sets ({@code long[]}, bit {@code j} of
 * a row is its column {@code j}): rank, consistency, torchgfn's witness solution and its seeded full-rank random
 * matrices ({@code _gf2_rank}, {@code HyperGrid._solve_gf2_witness}, {@code _gf2_random_fullrank} in hypergrid.py).
 */
final class Gf2 {
  private Gf2() {}

  /** An all-zero row of {@code nVars} columns. */
  static long[] row(int nVars) {
    return new long[(nVars + 63) >>> 6];
  }

  /** Sets column {@code j} of {@code row}. */
  static void set(long[] row, int j) {
    row[j >>> 6] |= 1L << j;
  }

  /** Column {@code j} of {@code row}, 0 or 1. */
  static int get(long[] row, int j) {
    return (int) (row[j >>> 6] >>> j) & 1;
  }

  /** {@code a . b mod 2}. */
  static int dot(long[] a, long[] b) {
    long x = 0;
    for (int w = 0; w < a.length; w++) {
      x ^= a[w] & b[w];
    }
    return Long.bitCount(x) & 1;
  }

  /** The rows of {@code a} and then {@code b}. */
  static long[][] concat(long[][] a, long[][] b) {
    long[][] out = new long[a.length + b.length][];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** The entries of {@code a} and then {@code b}. */
  static int[] concat(int[] a, int[] b) {
    int[] out = new int[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** The rank of {@code rows} over GF(2). */
  static int rank(long[][] rows, int nVars) {
    return new Elimination(rows, nVars).rank();
  }

  /** Whether {@code A x = c} has a solution over GF(2) ({@code HyperGrid._solve_gf2_has_solution}). */
  static boolean hasSolution(long[][] a, int[] c, int nVars) {
    return new Elimination(a, nVars).consistent(c);
  }

  /**
   * torchgfn's witness of {@code A b = c}: Gauss-Jordan elimination column by column, the first row at or below the
   * pivot row with a 1 swapped up, every other row reduced, stopping once every row has a pivot; free variables 0.
   *
   * @return {@code b} as a row of {@code nVars} columns, or {@code null} if the system is inconsistent
   */
  static long[] witness(long[][] a, int[] c, int nVars) {
    int n = a.length;
    long[][] rows = new long[n][];
    int[] rhs = c.clone();
    for (int r = 0; r < n; r++) {
      rows[r] = a[r].clone();
    }
    int[] pivotCols = new int[Math.min(n, nVars)];
    int pivotRow = 0;
    for (int col = 0; col < nVars && pivotRow < n; col++) {
      int candidate = -1;
      for (int r = pivotRow; r < n; r++) {
        if (get(rows[r], col) == 1) {
          candidate = r;
          break;
        }
      }
      if (candidate < 0) {
        continue;
      }
      swap(rows, rhs, pivotRow, candidate);
      for (int r = 0; r < n; r++) {
        if (r != pivotRow && get(rows[r], col) == 1) {
          xorInto(rows[r], rows[pivotRow]);
          rhs[r] ^= rhs[pivotRow];
        }
      }
      pivotCols[pivotRow++] = col;
    }
    for (int r = pivotRow; r < n; r++) {
      if (rhs[r] != 0) {
        return null;
      }
    }
    long[] b = row(nVars);
    for (int r = 0; r < pivotRow; r++) {
      if (rhs[r] != 0) {
        set(b, pivotCols[r]);
      }
    }
    return b;
  }

  /**
   * torchgfn's {@code _gf2_random_fullrank(n_checks, n_vars, seed)}: from {@code torch.Generator().manual_seed(seed)},
   * up to 1000 draws of {@code randint(0, 2, (n_checks, n_vars))} until one has full row rank (the target vector it
   * draws next is not returned: torchgfn's callers discard it).
   *
   * @throws IllegalArgumentException naming {@code what} if {@code nChecks} is not in {@code [1, nVars]} or no draw
   *     has full rank
   */
  static long[][] randomFullRank(int nChecks, int nVars, long seed, String what) {
    if (nChecks < 1 || nChecks > nVars) {
      throw new IllegalArgumentException(what + " needs a random full-rank GF(2) matrix of " + nChecks + " rows and "
          + nVars + " columns; expected 1 <= rows <= columns");
    }
    Mt19937 random = new Mt19937(seed);
    for (int attempt = 0; attempt < 1000; attempt++) {
      long[][] a = new long[nChecks][];
      for (int r = 0; r < nChecks; r++) {
        a[r] = row(nVars);
        for (int j = 0; j < nVars; j++) {
          if (random.nextBelow(2) == 1) {
            set(a[r], j);
          }
        }
      }
      if (rank(a, nVars) == nChecks) {
        return a;
      }
    }
    throw new IllegalArgumentException(what + ": no full-rank GF(2) matrix of " + nChecks + "x" + nVars
        + " in 1000 draws from seed " + seed);
  }

  private static void swap(long[][] rows, int[] rhs, int i, int j) {
    if (i != j) {
      long[] row = rows[i];
      rows[i] = rows[j];
      rows[j] = row;
      int value = rhs[i];
      rhs[i] = rhs[j];
      rhs[j] = value;
    }
  }

  private static void xorInto(long[] target, long[] source) {
    for (int w = 0; w < target.length; w++) {
      target[w] ^= source[w];
    }
  }

  /**
   * A matrix reduced once, for its rank and for the consistency of many right-hand sides: every row that reduces to
   * zero keeps the combination of original rows it came from, and {@code A x = c} is solvable iff {@code c} sums to
   * 0 over each of them.
   */
  static final class Elimination {
    private final int rank;
    private final long[][] dependencies;

    Elimination(long[][] a, int nVars) {
      int n = a.length;
      long[][] rows = new long[n][];
      long[][] combos = new long[n][];
      for (int r = 0; r < n; r++) {
        rows[r] = a[r].clone();
        combos[r] = row(n);
        set(combos[r], r);
      }
      int pivotRow = 0;
      for (int col = 0; col < nVars && pivotRow < n; col++) {
        int candidate = -1;
        for (int r = pivotRow; r < n; r++) {
          if (get(rows[r], col) == 1) {
            candidate = r;
            break;
          }
        }
        if (candidate < 0) {
          continue;
        }
        long[] t = rows[pivotRow];
        rows[pivotRow] = rows[candidate];
        rows[candidate] = t;
        t = combos[pivotRow];
        combos[pivotRow] = combos[candidate];
        combos[candidate] = t;
        for (int r = pivotRow + 1; r < n; r++) {
          if (get(rows[r], col) == 1) {
            xorInto(rows[r], rows[pivotRow]);
            xorInto(combos[r], combos[pivotRow]);
          }
        }
        pivotRow++;
      }
      this.rank = pivotRow;
      this.dependencies = new long[n - pivotRow][];
      System.arraycopy(combos, pivotRow, dependencies, 0, n - pivotRow);
    }

    /** The rank over GF(2). */
    int rank() {
      return rank;
    }

    /** Whether {@code A x = c} has a solution. */
    boolean consistent(int[] c) {
      long[] rhs = row(c.length);
      for (int r = 0; r < c.length; r++) {
        if ((c[r] & 1) != 0) {
          set(rhs, r);
        }
      }
      for (long[] dependency : dependencies) {
        if (dot(dependency, rhs) != 0) {
          return false;
        }
      }
      return true;
    }
  }
}
