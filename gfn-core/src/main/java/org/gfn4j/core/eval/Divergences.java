package org.gfn4j.core.eval;

/** Distances between two discrete distributions over the same support (in nats; {@code 0 log 0 = 0}). */
public final class Divergences {
  private Divergences() {}

  /** {@code Σ |p - q|}. */
  public static double l1(double[] p, double[] q) {
    check(p, q);
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      sum += Math.abs(p[i] - q[i]);
    }
    return sum;
  }

  /** {@code KL(p || q) = Σ p log(p / q)}; infinite where {@code q = 0 < p}. */
  public static double kl(double[] p, double[] q) {
    check(p, q);
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      if (p[i] > 0) {
        sum += q[i] > 0 ? p[i] * Math.log(p[i] / q[i]) : Double.POSITIVE_INFINITY;
      }
    }
    return Math.max(sum, 0);
  }

  /** Jensen-Shannon divergence: {@code (KL(p || m) + KL(q || m)) / 2} with {@code m = (p + q) / 2}. */
  public static double jsd(double[] p, double[] q) {
    check(p, q);
    double[] m = new double[p.length];
    for (int i = 0; i < p.length; i++) {
      m[i] = (p[i] + q[i]) / 2;
    }
    return (kl(p, m) + kl(q, m)) / 2;
  }

  private static void check(double[] p, double[] q) {
    if (p.length != q.length) {
      throw new IllegalArgumentException("distributions over " + p.length + " and " + q.length + " outcomes");
    }
  }
}
