package org.gfn4j.envs.dag;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import org.gfn4j.api.env.DiscreteStates;

/**
 * A distribution over the DAGs of a {@link DagStructure} (exact, learned, or the empirical distribution of
 * samples) and the summaries torchgfn's {@code gym/helpers/bayesian_structure/evaluation.py} reports for it: edge
 * marginals, the expected number of edges and the expected structural Hamming distance to the true graph.
 *
 * <pre>{@code
 * DagPosterior exact = DagPosterior.exact(env);
 * DagPosterior learned = DagPosterior.of(env, exactEvaluator.terminalDistribution(forwardPolicy));
 * double error = learned.maxEdgeMarginalDifference(exact);
 * double shd = learned.expectedShd(env.trueGraph().orElseThrow());
 * }</pre>
 *
 * Instances are immutable.
 */
public final class DagPosterior {
  /** How far from 1 the total of a given distribution may be. */
  public static final double MASS_TOLERANCE = 1e-6;

  private final int n;
  /** The graphs, as rows ({@code children[i]}, bit {@code j} for {@code i -> j}). */
  private final int[][] graphs;
  private final double[] weights;

  private DagPosterior(int n, int[][] graphs, double[] weights) {
    this.n = n;
    this.graphs = graphs;
    this.weights = weights;
  }

  /**
   * The exact posterior {@code p(G | D)}: the normalised reward {@code exp(log R)} over every DAG of an
   * enumerable environment.
   *
   * @throws IllegalStateException if the environment has more than {@value DagStructure#MAX_ENUMERABLE_NODES} nodes
   */
  public static DagPosterior exact(DagStructure env) {
    requireNonNull(env, "env is null");
    double[] logReward = env.logReward(env.allStates());
    double max = Arrays.stream(logReward).max().orElseThrow();
    double[] p = new double[logReward.length];
    double total = 0;
    for (int k = 0; k < p.length; k++) {
      p[k] = Math.exp(logReward[k] - max);
      total += p[k];
    }
    for (int k = 0; k < p.length; k++) {
      p[k] /= total;
    }
    return of(env, p);
  }

  /**
   * The distribution that gives DAG {@code k} of {@code env.allStates()} the probability {@code distribution[k]},
   * as {@code ExactEvaluator.terminalDistribution} and {@code targetDistribution} return it.
   *
   * @throws IllegalArgumentException if the length is not the number of DAGs, an entry is negative or not finite,
   *     or the total is not 1 within {@value #MASS_TOLERANCE}
   * @throws IllegalStateException if the environment has more than {@value DagStructure#MAX_ENUMERABLE_NODES} nodes
   */
  public static DagPosterior of(DagStructure env, double[] distribution) {
    requireNonNull(env, "env is null");
    requireNonNull(distribution, "distribution is null");
    int count = env.stateCount();
    if (distribution.length != count) {
      throw new IllegalArgumentException("DAG posterior over " + env.numNodes() + " nodes: " + distribution.length
          + " probabilities, expected one per DAG, " + count);
    }
    double total = 0;
    for (int k = 0; k < count; k++) {
      if (!(distribution[k] >= 0) || Double.isInfinite(distribution[k])) {
        throw new IllegalArgumentException("DAG posterior: probability " + k + " is " + distribution[k]);
      }
      total += distribution[k];
    }
    if (Math.abs(total - 1) > MASS_TOLERANCE) {
      throw new IllegalArgumentException("DAG posterior: the probabilities sum to " + total + ", not 1");
    }
    return new DagPosterior(env.numNodes(), rows(env, env.allStates()), distribution.clone());
  }

  /**
   * The empirical distribution of sampled DAGs (terminal states of {@code env}), each with weight {@code 1 / k},
   * as torchgfn's {@code posterior_estimate} collects them.
   *
   * @throws IllegalArgumentException if there are no samples or a state is not a DAG of {@code env}
   */
  public static DagPosterior ofSamples(DagStructure env, DiscreteStates samples) {
    requireNonNull(env, "env is null");
    requireNonNull(samples, "samples is null");
    if (samples.size() == 0) {
      throw new IllegalArgumentException("DAG posterior: no samples");
    }
    if (samples.environment() != env) {
      throw new IllegalArgumentException("DAG posterior: samples of environment '" + samples.environment().name()
          + "' given with " + env);
    }
    samples.forwardMasks(); // checks that every row is a DAG
    double[] weights = new double[samples.size()];
    Arrays.fill(weights, 1.0 / samples.size());
    return new DagPosterior(env.numNodes(), rows(env, samples), weights);
  }

  /** Number of nodes. */
  public int numNodes() {
    return n;
  }

  /** {@code P(i -> j)} at entry {@code i * n + j} (the state-vector order; 0 on the diagonal). */
  public double[] edgeMarginals() {
    double[] marginals = new double[n * n];
    for (int g = 0; g < graphs.length; g++) {
      if (weights[g] == 0) {
        continue;
      }
      for (int i = 0; i < n; i++) {
        for (int rest = graphs[g][i]; rest != 0; rest &= rest - 1) {
          marginals[i * n + Integer.numberOfTrailingZeros(rest)] += weights[g];
        }
      }
    }
    return marginals;
  }

  /** The expected number of edges (torchgfn's {@code expected_edges}). */
  public double expectedEdges() {
    return Arrays.stream(edgeMarginals()).sum();
  }

  /**
   * The expected structural Hamming distance to {@code trueGraph} (torchgfn's {@code expected_shd}): per graph,
   * the number of node pairs whose edges differ (a missing, an extra or a reversed edge counts 1), averaged.
   *
   * @param trueGraph a state vector, {@code n * n} 0/1 entries, as {@link DagStructure#trueGraph()} returns it
   * @throws IllegalArgumentException if {@code trueGraph} is not {@code n * n} 0/1 entries
   */
  public double expectedShd(int[] trueGraph) {
    int[] truth = rows(trueGraph);
    double shd = 0;
    for (int g = 0; g < graphs.length; g++) {
      shd += weights[g] == 0 ? 0 : weights[g] * Dags.shd(graphs[g], truth);
    }
    return shd;
  }

  /** The largest absolute difference between this distribution's edge marginals and {@code other}'s. */
  public double maxEdgeMarginalDifference(DagPosterior other) {
    double[] a = edgeMarginals();
    double[] b = sameSize(other).edgeMarginals();
    double max = 0;
    for (int k = 0; k < a.length; k++) {
      max = Math.max(max, Math.abs(a[k] - b[k]));
    }
    return max;
  }

  /** The mean absolute difference of the edge marginals over the {@code n (n - 1)} possible edges. */
  public double meanEdgeMarginalDifference(DagPosterior other) {
    double[] a = edgeMarginals();
    double[] b = sameSize(other).edgeMarginals();
    double sum = 0;
    for (int k = 0; k < a.length; k++) {
      sum += Math.abs(a[k] - b[k]);
    }
    return n < 2 ? 0 : sum / (n * (n - 1));
  }

  private DagPosterior sameSize(DagPosterior other) {
    requireNonNull(other, "other is null");
    if (other.n != n) {
      throw new IllegalArgumentException("DAG posteriors over " + n + " and " + other.n + " nodes");
    }
    return other;
  }

  private int[] rows(int[] values) {
    requireNonNull(values, "trueGraph is null");
    if (values.length != n * n) {
      throw new IllegalArgumentException("DAG posterior over " + n + " nodes: a graph has " + n * n
          + " adjacency entries, got " + values.length);
    }
    int[] children = new int[n];
    for (int k = 0; k < values.length; k++) {
      if (values[k] != 0 && values[k] != 1) {
        throw new IllegalArgumentException("DAG posterior: adjacency entry " + k + " is " + values[k]
            + ", expected 0 or 1");
      }
      children[k / n] |= values[k] << (k % n);
    }
    return children;
  }

  private static int[][] rows(DagStructure env, DiscreteStates states) {
    int n = env.numNodes();
    int[] values = states.toArray();
    int[][] graphs = new int[states.size()][n];
    for (int row = 0; row < states.size(); row++) {
      for (int k = 0; k < n * n; k++) {
        graphs[row][k / n] |= values[row * n * n + k] << (k % n);
      }
    }
    return graphs;
  }
}
