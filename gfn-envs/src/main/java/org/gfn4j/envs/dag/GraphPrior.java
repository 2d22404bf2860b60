package org.gfn4j.envs.dag;

import java.util.Locale;
import org.apache.commons.math3.special.Gamma;

/**
 * torchgfn's modular priors over graphs ({@code gym/helpers/bayesian_structure/priors.py}): {@code log p(G)} is
 * the sum over nodes of a term that depends on the node's number of parents only.
 *
 * <ul>
 *   <li>{@code uniform}: every DAG equally likely (term 0), torchgfn's default;
 *   <li>{@code erdos_renyi}: each edge present with probability {@code p = n / (n (n - 1) / 2)} (one expected edge
 *       per node, torchgfn's {@code num_edges_per_node = 1}), term {@code k log p + (n - k - 1) log(1 - p)};
 *   <li>{@code fair}: term {@code -log C(n, k)}, as torchgfn writes it (with {@code n}, not {@code n - 1}).
 * </ul>
 *
 * <p>torchgfn's {@code EdgePrior} with its default {@code beta = 1} is the uniform prior, so it is not repeated.
 */
public enum GraphPrior {
  /** Every DAG equally likely. */
  UNIFORM,
  /** Independent edges, one expected edge per node. */
  ERDOS_RENYI,
  /** Uniform over the number of parents, as torchgfn's {@code FairPrior}. */
  FAIR;

  /** The prior named as typed ({@code "erdos_renyi"}). */
  public static GraphPrior of(String name) {
    return valueOf(name.toUpperCase(Locale.ROOT));
  }

  /**
   * The log-prior term of a node with {@code k} parents, {@code k = 0 .. n - 1}, in a graph over {@code n} nodes.
   *
   * @throws IllegalArgumentException for {@code erdos_renyi} with {@code n < 4}, where torchgfn's edge probability
   *     is not below 1
   */
  public double[] logPriorByParentCount(int n) {
    double[] terms = new double[n];
    switch (this) {
      case UNIFORM -> { }
      case ERDOS_RENYI -> {
        double p = n / (double) (n * (n - 1) / 2);
        if (n < 4) {
          throw new IllegalArgumentException("prior erdos_renyi needs at least 4 nodes, got " + n + ": its edge"
              + " probability n / (n (n - 1) / 2) would be " + (n < 2 ? "undefined" : Double.toString(p))
              + ", not below 1");
        }
        for (int k = 0; k < n; k++) {
          terms[k] = k * Math.log(p) + (n - k - 1) * Math.log1p(-p);
        }
      }
      case FAIR -> {
        for (int k = 0; k < n; k++) {
          terms[k] = -Gamma.logGamma(n + 1) + Gamma.logGamma(n - k + 1) + Gamma.logGamma(k + 1);
        }
      }
      default -> throw new AssertionError(this);
    }
    return terms;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
