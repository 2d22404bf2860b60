package org.gfn4j.losses.common;

import org.gfn4j.api.data.Trajectories;

/**
 * Per-trajectory sums of per-transition terms ({@code sum log PF - sum log PB}) and the matching gradient updates,
 * for the objectives with one residual per trajectory.
 */
public final class TrajectorySums {
  private TrajectorySums() {}

  /**
   * {@code initial + sum_t plus[t] - sum_t minus[t]} over trajectory {@code i}'s transitions, where the exit
   * transition's {@code minus} entry counts only if {@code minusAtExit} (log PB is not read at exits).
   */
  public static double difference(double initial, double[] plus, double[] minus, Trajectories trajectories, int i,
      boolean minusAtExit) {
    int exit = trajectories.end(i) - 1;
    double sum = initial + plus[exit];
    if (minusAtExit) {
      sum -= minus[exit];
    }
    for (int t = trajectories.start(i); t < exit; t++) {
      sum += plus[t] - minus[t];
    }
    return sum;
  }

  /**
   * The gradient of {@link #difference} scaled by {@code slope}: adds {@code slope} to {@code gradPlus} and
   * {@code -slope} to {@code gradMinus} (unless it is {@code null}) wherever the difference reads them.
   */
  public static void spread(double slope, double[] gradPlus, double[] gradMinus, Trajectories trajectories, int i,
      boolean minusAtExit) {
    int exit = trajectories.end(i) - 1;
    for (int t = trajectories.start(i); t <= exit; t++) {
      gradPlus[t] += slope;
      if (gradMinus != null && (t < exit || minusAtExit)) {
        gradMinus[t] -= slope;
      }
    }
  }
}
