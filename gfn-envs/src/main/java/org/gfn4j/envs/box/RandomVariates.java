package org.gfn4j.envs.box;

import java.util.random.RandomGenerator;

/**
 * Gamma and Beta variates drawn from a caller's {@link RandomGenerator}: Marsaglia and Tsang's squeeze method for
 * shapes of at least 1, boosted by {@code U^(1/a)} below 1, and a Beta as {@code G1 / (G1 + G2)} computed from the
 * logarithms of the two Gammas so that tiny shapes neither underflow nor give 0/0.
 */
final class RandomVariates {
  private RandomVariates() {
  }

  /** The logarithm of a Gamma(shape, 1) variate. */
  static double logGamma(double shape, RandomGenerator random) {
    if (!(shape > 0) || Double.isInfinite(shape)) {
      throw new IllegalArgumentException("gamma shape must be positive and finite, got " + shape);
    }
    if (shape < 1) {
      double u = 1.0 - random.nextDouble();
      return logGamma(shape + 1, random) + Math.log(u) / shape;
    }
    double d = shape - 1.0 / 3.0;
    double c = 1.0 / Math.sqrt(9.0 * d);
    while (true) {
      double x = random.nextGaussian();
      double v = 1.0 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = random.nextDouble();
      double x2 = x * x;
      if (u < 1.0 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1.0 - v + Math.log(v))) {
        return Math.log(d) + Math.log(v);
      }
    }
  }

  /** A Beta(alpha, beta) variate in [0, 1]. */
  static double beta(double alpha, double beta, RandomGenerator random) {
    double logFirst = logGamma(alpha, random);
    double logSecond = logGamma(beta, random);
    return 1.0 / (1.0 + Math.exp(logSecond - logFirst));
  }
}
