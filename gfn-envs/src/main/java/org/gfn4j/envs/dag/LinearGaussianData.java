package org.gfn4j.envs.dag;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Synthetic data as torchgfn's {@code get_data("erdos_renyi_lingauss", ...)} draws it
 * ({@code gym/helpers/bayesian_structure/graph.py} and {@code sampling.py}), from one seeded
 * {@link SplittableRandom} (so the values differ from numpy's, the process does not):
 *
 * <ol>
 *   <li>an Erdos-Renyi DAG: each entry of an {@code n x n} matrix is 1 with probability {@code p} (by default
 *       {@code num_edges / (n (n - 1) / 2)}), only the strictly lower triangle is kept, and rows and columns are
 *       permuted by a uniform random permutation {@code perm} ({@code A'[a][b] = A[perm[a]][perm[b]]});
 *   <li>edge weights {@code w ~ Normal(0, 1)} ({@code loc_edges = 0}, {@code scale_edges = 1}), no bias;
 *   <li>{@code N} samples by ancestral sampling in topological order: {@code x_j = sum_i w_ij x_i + eps},
 *       {@code eps ~ Normal(0, 0.1^2)} (torchgfn passes {@code obs_noise = 0.1} as the normal's scale).
 * </ol>
 *
 * Normal variates are Box-Muller transforms of pairs of {@code nextDouble()}s, so a seed gives the same data on
 * every JVM.
 */
final class LinearGaussianData {
  /** Standard deviation of the observation noise (torchgfn's {@code obs_noise}). */
  static final double OBS_NOISE = 0.1;

  private LinearGaussianData() {}

  /** The data set: {@code n} nodes named A, B, ..., edge probability {@code p}, {@code N} samples, from a seed. */
  static DagData sample(int n, double p, int numSamples, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    boolean[][] lower = new boolean[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        lower[i][j] = random.nextDouble() < p && i > j;
      }
    }
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) {
      perm[i] = i;
    }
    for (int k = n - 1; k > 0; k--) {
      int other = random.nextInt(k + 1);
      int swap = perm[k];
      perm[k] = perm[other];
      perm[other] = swap;
    }
    int[] children = new int[n];
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        if (lower[perm[a]][perm[b]]) {
          children[a] |= 1 << b;
        }
      }
    }
    int[] parents = Dags.parents(children);
    double[][] weights = new double[n][n]; // weights[j][i]: weight of i -> j
    for (int j = 0; j < n; j++) {
      for (int rest = parents[j]; rest != 0; rest &= rest - 1) {
        weights[j][Integer.numberOfTrailingZeros(rest)] = gaussian(random);
      }
    }
    double[][] samples = new double[numSamples][n];
    for (int j : topologicalOrder(children, parents)) {
      for (int s = 0; s < numSamples; s++) {
        double mean = 0;
        for (int rest = parents[j]; rest != 0; rest &= rest - 1) {
          int i = Integer.numberOfTrailingZeros(rest);
          mean += weights[j][i] * samples[s][i];
        }
        samples[s][j] = mean + OBS_NOISE * gaussian(random);
      }
    }
    return new DagData(names(n), samples, Optional.of(children), "synthetic linear-Gaussian data (num_nodes=" + n
        + ", edge probability " + p + ", num_samples=" + numSamples + ", seed=" + seed + ")");
  }

  /** torchgfn's default node names: A .. Z, then AA, AB, ... */
  static List<String> names(int n) {
    List<String> names = new ArrayList<>(n);
    for (int k = 0; k < n; k++) {
      StringBuilder name = new StringBuilder();
      for (int rest = k; ; rest = rest / 26 - 1) {
        name.insert(0, (char) ('A' + rest % 26));
        if (rest < 26) {
          break;
        }
      }
      names.add(name.toString());
    }
    return names;
  }

  /** Kahn's algorithm with a FIFO queue seeded by the parentless nodes in ascending order, as torchgfn's. */
  private static List<Integer> topologicalOrder(int[] children, int[] parents) {
    int n = children.length;
    int[] inDegree = new int[n];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (int j = 0; j < n; j++) {
      inDegree[j] = Integer.bitCount(parents[j]);
      if (inDegree[j] == 0) {
        queue.add(j);
      }
    }
    List<Integer> order = new ArrayList<>(n);
    while (!queue.isEmpty()) {
      int i = queue.poll();
      order.add(i);
      for (int rest = children[i]; rest != 0; rest &= rest - 1) {
        int j = Integer.numberOfTrailingZeros(rest);
        if (--inDegree[j] == 0) {
          queue.add(j);
        }
      }
    }
    return order;
  }

  /** A standard normal variate: {@code sqrt(-2 log(1 - u1)) cos(2 pi u2)}. */
  private static double gaussian(SplittableRandom random) {
    double u1 = random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log1p(-u1)) * Math.cos(2 * Math.PI * u2);
  }
}
