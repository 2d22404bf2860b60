package org.gfn4j.api.math;

/**
 * Sums in log space: {@code log sum_i exp(x_i)} computed without overflow or underflow, for log partition functions,
 * mixture densities and importance-weighted estimates.
 *
 * <p>Each method fixes its order of operations (values are read left to right), so a result is the same to the bit
 * on every run. {@link #of(double...)} and {@link #mean} shift by the maximum and add once;
 * {@link #sequential} adds one value at a time, which rounds differently in the last bits, for callers whose numbers
 * were defined that way.
 *
 * <pre>{@code
 * double logZ = LogSumExp.of(env.logReward(terminalStates));
 * }</pre>
 */
public final class LogSumExp {
  private LogSumExp() {}

  /**
   * {@code log sum_i exp(values[i])}, shifted by the largest value: {@code max + log sum_i exp(values[i] - max)}.
   *
   * @return {@code -inf} for no values or when every value is {@code -inf}; NaN when a value is NaN or {@code +inf}
   */
  public static double of(double... values) {
    double max = max(values);
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    return max + Math.log(sumExp(values, max));
  }

  /**
   * {@code log(exp(a) + exp(b))}: the same as {@code of(new double[] {a, b})}, to the bit, without the array.
   *
   * @return {@code -inf} when both are {@code -inf}
   */
  public static double of(double a, double b) {
    double max = Math.max(a, b);
    return max == Double.NEGATIVE_INFINITY ? max : max + Math.log(Math.exp(a - max) + Math.exp(b - max));
  }

  /**
   * {@code log sum_i exp(values[i])} accumulated one value at a time, {@code t = of(t, values[i])} from
   * {@code t = -inf}: it never needs the maximum first, and rounds at every step.
   *
   * @return {@code -inf} for no values or when every value is {@code -inf}
   */
  public static double sequential(double... values) {
    double total = Double.NEGATIVE_INFINITY;
    for (double value : values) {
      total = of(total, value);
    }
    return total;
  }

  /**
   * {@code log((1/n) sum_i exp(values[i]))} over the {@code n} values, shifted by the largest value:
   * {@code max + log((sum_i exp(values[i] - max)) / n)}.
   *
   * @return NaN for no values; {@code -inf} when every value is {@code -inf}
   */
  public static double mean(double... values) {
    if (values.length == 0) {
      return Double.NaN;
    }
    double max = max(values);
    if (max == Double.NEGATIVE_INFINITY) {
      return max;
    }
    return max + Math.log(sumExp(values, max) / values.length);
  }

  /** The largest value, {@code -inf} for none, NaN if one is NaN. */
  private static double max(double[] values) {
    double max = Double.NEGATIVE_INFINITY;
    for (double value : values) {
      max = Math.max(max, value);
    }
    return max;
  }

  /** {@code sum_i exp(values[i] - max)}, added left to right. */
  private static double sumExp(double[] values, double max) {
    double sum = 0;
    for (double value : values) {
      sum += Math.exp(value - max);
    }
    return sum;
  }
}
