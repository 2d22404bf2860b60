package org.gfn4j.envs.hypergrid;

import org.gfn4j.api.math.LogSumExp;

/** Helpers the reward families share: the normalised coordinate {@code ax} and sums in log space. */
final class GridMath {
  /** torchgfn's {@code _EPS}: every strict comparison of {@code ax} is moved inwards by it. */
  static final double EPS = 1e-12;

  private GridMath() {}

  /** {@code |v / (H - 1) - 0.5|}, the distance of coordinate value {@code v} from the centre, in {@code [0, 0.5]}. */
  static double ax(int v, int height) {
    return Math.abs((double) v / (height - 1) - 0.5);
  }

  /** torchgfn's bits per coordinate {@code max(1, ceil(log2 H))}: the smallest {@code B >= 1} with {@code 2^B >= H}. */
  static int bitsPerCoordinate(int height) {
    return Math.max(1, 32 - Integer.numberOfLeadingZeros(height - 1));
  }

  /** Pairs as {@code [lo:hi, lo:hi]}. */
  static String formatPairs(int[][] pairs) {
    StringBuilder out = new StringBuilder("[");
    for (int i = 0; i < pairs.length; i++) {
      out.append(i == 0 ? "" : ", ").append(pairs[i][0]).append(':').append(pairs[i][1]);
    }
    return out.append(']').toString();
  }

  /** {@code log(r * n^D)}, {@code -inf} when either factor is 0. */
  static double logTerm(double r, double n, int ndim) {
    return r == 0 || n == 0 ? Double.NEGATIVE_INFINITY : Math.log(r) + ndim * Math.log(n);
  }

  /** {@code log sum_i exp(terms[i])}, {@code -inf} when every term is: {@link LogSumExp#of(double...)}. */
  static double logSumExp(double... terms) {
    return LogSumExp.of(terms);
  }

  /** How many of {@code flags} are set. */
  static int count(boolean[] flags) {
    int count = 0;
    for (boolean flag : flags) {
      count += flag ? 1 : 0;
    }
    return count;
  }

  /**
   * @throws IllegalArgumentException naming {@code owner} and {@code key} if {@code value} is negative or not
   *     finite
   */
  static double checkReward(String owner, String key, double value) {
    if (!Double.isFinite(value) || value < 0) {
      throw new IllegalArgumentException(
          owner + ": " + key + "=" + value + " is invalid; expected a finite number >= 0");
    }
    return value;
  }
}
