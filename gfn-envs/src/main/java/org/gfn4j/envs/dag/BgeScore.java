package org.gfn4j.envs.dag;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.commons.math3.special.Gamma;

/**
 * The BGe score: the log marginal likelihood of continuous data under a linear-Gaussian Bayesian network with
 * the Normal-Wishart parameter prior of Geiger and Heckerman, in the corrected form of Kuipers, Moffa and
 * Heckerman, "Addendum on the scoring of Gaussian directed acyclic graphical models" (Ann. Statist. 2014), as
 * torchgfn's {@code BGeScore} ({@code gym/helpers/bayesian_structure/scores.py}) computes it.
 *
 * <p>With {@code N} samples of {@code n} variables, prior mean {@code mu0 = 0}, {@code alpha_mu} (default 1),
 * {@code alpha_w} (default {@code n + 2}, above {@code n + 1}) and {@code t = alpha_mu (alpha_w - n - 1) /
 * (alpha_mu + 1)}, let {@code R = t I + sum_s (x_s - xbar)(x_s - xbar)^T + N alpha_mu / (N + alpha_mu) (xbar -
 * mu0)(xbar - mu0)^T}. The local score of node {@code j} with a parent set {@code P} of {@code l} nodes is
 *
 * <pre>
 *   1/2 log(alpha_mu / (N + alpha_mu)) + lgamma((N + alpha_w - n + l + 1) / 2) - lgamma((alpha_w - n + l + 1) / 2)
 *   - N/2 log(pi) + (alpha_w - n + 2 l + 1) / 2 log t
 *   + (N + alpha_w - n + l) / 2 log det R[P, P] - (N + alpha_w - n + l + 1) / 2 log det R[P + j, P + j]
 * </pre>
 *
 * plus the graph prior's term for {@code l} parents; the score of a DAG is the sum of its nodes' local scores. The
 * log-determinants come from Cholesky factors in double precision. Local scores are cached per (node, parent set),
 * so a graph costs {@code n} look-ups once its parent sets have been seen. Instances are thread-safe.
 */
public final class BgeScore {
  /** The most variables accepted (parent sets are int bit masks). */
  public static final int MAX_VARIABLES = 30;

  private final int n;
  private final int samples;
  private final double alphaMu;
  private final double alphaW;
  private final double t;
  private final double[][] r;
  private final double[] logGammaTerm;
  private final double[] logPrior;
  private final ConcurrentHashMap<Long, Double> cache = new ConcurrentHashMap<>();

  /**
   * The score of {@code data} with torchgfn's hyperparameters ({@code alpha_mu = 1}, {@code alpha_w = n + 2}).
   *
   * @param data {@code N >= 1} rows of {@code n} finite values (not kept)
   * @param prior the graph prior
   */
  public BgeScore(double[][] data, GraphPrior prior) {
    this(data, prior, 1.0, width(data) + 2.0);
  }

  /**
   * The score of {@code data} with the given hyperparameters.
   *
   * @param data {@code N >= 1} rows of {@code n} finite values (not kept)
   * @param prior the graph prior
   * @param alphaMu precision of the Normal prior over the mean, {@code > 0}
   * @param alphaW degrees of freedom of the Wishart prior over the precision matrix, {@code > n + 1}
   * @throws IllegalArgumentException for empty or ragged data, or hyperparameters out of range
   */
  public BgeScore(double[][] data, GraphPrior prior, double alphaMu, double alphaW) {
    requireNonNull(prior, "prior is null");
    this.n = width(data);
    this.samples = data.length;
    if (n > MAX_VARIABLES) {
      throw new IllegalArgumentException("BGe score: " + n + " variables, at most " + MAX_VARIABLES);
    }
    if (!(alphaMu > 0) || !(alphaW > n + 1) || Double.isInfinite(alphaMu) || Double.isInfinite(alphaW)) {
      throw new IllegalArgumentException("BGe score: need alpha_mu > 0 and alpha_w > n + 1 = " + (n + 1)
          + ", got alpha_mu=" + alphaMu + ", alpha_w=" + alphaW);
    }
    this.alphaMu = alphaMu;
    this.alphaW = alphaW;
    this.t = alphaMu * (alphaW - n - 1) / (alphaMu + 1);
    this.r = scatterMatrix(data, n, t, alphaMu);
    this.logGammaTerm = new double[n];
    for (int l = 0; l < n; l++) {
      logGammaTerm[l] = 0.5 * (Math.log(alphaMu) - Math.log(samples + alphaMu))
          + Gamma.logGamma(0.5 * (samples + alphaW - n + l + 1))
          - Gamma.logGamma(0.5 * (alphaW - n + l + 1))
          - 0.5 * samples * Math.log(Math.PI)
          + 0.5 * (alphaW - n + 2 * l + 1) * Math.log(t);
    }
    this.logPrior = prior.logPriorByParentCount(n);
  }

  /** Number of variables {@code n}. */
  public int variables() {
    return n;
  }

  /** Number of samples {@code N}. */
  public int samples() {
    return samples;
  }

  /** {@code t = alpha_mu (alpha_w - n - 1) / (alpha_mu + 1)}, the scale of the Wishart prior's matrix. */
  public double t() {
    return t;
  }

  /** The posterior scale matrix {@code R} (a copy). */
  public double[][] r() {
    double[][] copy = new double[n][];
    for (int i = 0; i < n; i++) {
      copy[i] = r[i].clone();
    }
    return copy;
  }

  /**
   * The local score of {@code node} with the parents whose bits are set in {@code parents}, the prior's term
   * included; cached.
   *
   * @throws IllegalArgumentException if a parent is out of range or is the node itself
   */
  public double localScore(int node, int parents) {
    if (node < 0 || node >= n || (parents >>> n) != 0 || (parents & (1 << node)) != 0) {
      throw new IllegalArgumentException("BGe score over " + n + " variables: no local score for node " + node
          + " with parent set " + Integer.toBinaryString(parents) + " (binary, bit i for node i)");
    }
    return cache.computeIfAbsent(((long) parents << 5) | node, key -> computeLocal(node, parents));
  }

  /**
   * The log-score of the DAG whose parent sets are {@code parents} ({@code parents[j]}, bit {@code i} for the edge
   * {@code i -> j}), relative to the empty graph: {@code sum_j localScore(j, parents[j]) - localScore(j, 0)}, so
   * that the empty graph scores exactly 0, as torchgfn's {@code state_evaluator} returns (it sums, edge by edge,
   * the change in the target's local score).
   */
  public double relativeScore(int[] parents) {
    checkLength(parents);
    double score = 0;
    for (int j = 0; j < n; j++) {
      if (parents[j] != 0) {
        score += localScore(j, parents[j]) - localScore(j, 0);
      }
    }
    return score;
  }

  /** The full log-score {@code log p(D | G) + log p(G)} of the DAG with parent sets {@code parents}. */
  public double score(int[] parents) {
    checkLength(parents);
    double score = 0;
    for (int j = 0; j < n; j++) {
      score += localScore(j, parents[j]);
    }
    return score;
  }

  private double computeLocal(int node, int parents) {
    int l = Integer.bitCount(parents);
    double logTermR;
    if (l == 0) {
      logTermR = -0.5 * (samples + alphaW - n + 1) * Math.log(Math.abs(r[node][node]));
    } else {
      int[] pa = members(parents, -1);
      int[] all = members(parents, node);
      double a = samples + alphaW - n + l;
      logTermR = 0.5 * a * logDet(pa) - 0.5 * (a + 1) * logDet(all);
    }
    return logGammaTerm[l] + logTermR + logPrior[l];
  }

  /** The nodes of {@code set}, with {@code extra} first when it is not -1. */
  private static int[] members(int set, int extra) {
    int[] out = new int[Integer.bitCount(set) + (extra >= 0 ? 1 : 0)];
    int k = 0;
    if (extra >= 0) {
      out[k++] = extra;
    }
    for (int rest = set; rest != 0; rest &= rest - 1) {
      out[k++] = Integer.numberOfTrailingZeros(rest);
    }
    return out;
  }

  /** {@code log det R[idx, idx]} by a Cholesky factorisation, {@code 2 sum log L_ii}. */
  private double logDet(int[] idx) {
    int m = idx.length;
    double[][] l = new double[m][m];
    double logDet = 0;
    for (int i = 0; i < m; i++) {
      for (int j = 0; j <= i; j++) {
        double sum = r[idx[i]][idx[j]];
        for (int k = 0; k < j; k++) {
          sum -= l[i][k] * l[j][k];
        }
        if (i == j) {
          if (!(sum > 0)) {
            throw new IllegalStateException("BGe score: R restricted to variables " + Arrays.toString(idx)
                + " is not positive definite (pivot " + sum + ")");
          }
          l[i][i] = Math.sqrt(sum);
          logDet += Math.log(l[i][i]);
        } else {
          l[i][j] = sum / l[j][j];
        }
      }
    }
    return 2 * logDet;
  }

  private void checkLength(int[] parents) {
    if (parents.length != n) {
      throw new IllegalArgumentException("BGe score over " + n + " variables: got " + parents.length
          + " parent sets");
    }
  }

  private static double[][] scatterMatrix(double[][] data, int n, double t, double alphaMu) {
    int samples = data.length;
    double[] mean = new double[n];
    for (double[] row : data) {
      for (int i = 0; i < n; i++) {
        mean[i] += row[i];
      }
    }
    for (int i = 0; i < n; i++) {
      mean[i] /= samples;
    }
    double meanWeight = samples * alphaMu / (samples + alphaMu);
    double[][] r = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) {
        double sum = 0;
        for (double[] row : data) {
          sum += (row[i] - mean[i]) * (row[j] - mean[j]);
        }
        double value = sum + meanWeight * mean[i] * mean[j] + (i == j ? t : 0); // mu0 = 0
        r[i][j] = value;
        r[j][i] = value;
      }
    }
    return r;
  }

  private static int width(double[][] data) {
    requireNonNull(data, "data is null");
    if (data.length == 0 || data[0].length == 0) {
      throw new IllegalArgumentException("BGe score: data needs at least one sample of at least one variable");
    }
    int n = data[0].length;
    for (int s = 0; s < data.length; s++) {
      if (data[s].length != n) {
        throw new IllegalArgumentException("BGe score: sample " + s + " has " + data[s].length + " values, sample 0 "
            + n);
      }
      for (int i = 0; i < n; i++) {
        if (!Double.isFinite(data[s][i])) {
          throw new IllegalArgumentException("BGe score: value " + i + " of sample " + s + " is " + data[s][i]);
        }
      }
    }
    return n;
  }
}
