package org.gfn4j.core.replay;

import java.util.random.RandomGenerator;

/** Index draws with replacement: uniform, or proportional to {@code exp(logWeight)}. */
final class Draws {
  private Draws() {}

  static int[] draw(double[] logWeights, int n, boolean proportional, RandomGenerator random) {
    int size = logWeights.length;
    int[] drawn = new int[n];
    if (!proportional) {
      for (int k = 0; k < n; k++) {
        drawn[k] = random.nextInt(size);
      }
      return drawn;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (double w : logWeights) {
      max = Math.max(max, w);
    }
    double[] cumulative = new double[size];
    double total = 0;
    for (int i = 0; i < size; i++) {
      total += max == Double.NEGATIVE_INFINITY ? 1 : Math.exp(logWeights[i] - max);
      cumulative[i] = total;
    }
    for (int k = 0; k < n; k++) {
      double u = random.nextDouble() * total;
      int index = java.util.Arrays.binarySearch(cumulative, u);
      drawn[k] = Math.min(size - 1, index >= 0 ? index + 1 : -index - 1);
    }
    return drawn;
  }
}
