package org.gfn4j.api.env;

import java.util.random.RandomGenerator;

/**
 * A continuous environment whose target (the normalised reward over terminal objects) can be sampled exactly, so
 * that a learned sampler is evaluated by comparing sample statistics: kernel density estimates on a grid for
 * 2-D points, mean and variance for 1-D points. A terminal state is compared through its point, the coordinates
 * the reward depends on (a {@code line} state {@code [x, step]} has the point {@code [x]}).
 */
public interface ContinuousTarget {
  /** Width of the points compared (1 or 2). */
  int pointDim();

  /** Writes the point of each terminal state into {@code out} ({@code rows * pointDim()}, row-major). */
  void points(ContinuousStates terminalStates, double[] out);

  /**
   * Draws {@code n} points from the target exactly ({@code n * pointDim()}, row-major).
   *
   * @param random the only source of randomness
   */
  double[] sampleTarget(int n, RandomGenerator random);

  /** The lower corner of the region the points lie in (the grid of a density estimate spans it). */
  double[] domainLow();

  /** The upper corner of that region. */
  double[] domainHigh();

  /** The log partition function of the reward, {@code log ∫ R}, or NaN when it is not known. */
  double logPartition();

  /**
   * The target's mean, for 1-D points; by default estimated from 200,000 exact samples of a fixed seed, so that
   * an environment with closed-form moments overrides it.
   */
  default double targetMean() {
    return TargetMoments.of(this)[0];
  }

  /** The target's variance, for 1-D points; estimated like {@link #targetMean()} by default. */
  default double targetVariance() {
    return TargetMoments.of(this)[1];
  }

  /** The mean and the unbiased variance of 1-D points ({@code {mean, variance}}; at least two points). */
  static double[] meanAndVariance(double[] points) {
    if (points.length < 2) {
      throw new IllegalArgumentException("a variance needs at least 2 points, got " + points.length);
    }
    double mean = 0;
    for (double x : points) {
      mean += x;
    }
    mean /= points.length;
    double variance = 0;
    for (double x : points) {
      variance += (x - mean) * (x - mean);
    }
    return new double[] {mean, variance / (points.length - 1)};
  }
}
