package org.gfn4j.envs.ebm;

/** {@code log sum exp} of log-weights, shifted by their maximum so that it neither overflows nor underflows. */
final class LogSum {
  private LogSum() {}

  /** {@code log sum_i exp(terms[i])}; {@code -inf} for no terms or all {@code -inf}. */
  static double of(double[] terms) {
    double max = Double.NEGATIVE_INFINITY;
    for (double term : terms) {
      max = Math.max(max, term);
    }
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    double sum = 0;
    for (double term : terms) {
      sum += Math.exp(term - max);
    }
    return max + Math.log(sum);
  }
}
