package org.gfn4j.core.eval;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How well a learned sampler matches its target, as named metrics (NaN where a metric was not computed), and for
 * a conditional run the same per evaluated condition. Exact evaluation of an enumerable environment gives
 * {@link #L1_EXACT}, {@link #JSD_EXACT}, {@link #KL_EXACT}, log Z and modes; sample-based evaluation of a
 * continuous one gives {@link #JSD_KDE} (2-D) or sample and target moments (1-D).
 *
 * @param metrics values by metric name, in the order they are reported
 * @param byCondition the evaluation at each evaluated condition, by its label ({@code "0.5"}); empty when
 *     unconditional
 */
public record Evaluation(Map<String, Double> metrics, Map<String, Evaluation> byCondition) {
  /** Exact L1 distance {@code Σ|p - q|} (in [0, 2]). */
  public static final String L1_EXACT = "l1_exact";
  /** Exact Jensen-Shannon divergence in nats (in [0, ln 2]). */
  public static final String JSD_EXACT = "jsd_exact";
  /** Exact KL(target || learned) in nats. */
  public static final String KL_EXACT = "kl_exact";
  /** The learned log Z. */
  public static final String LOGZ = "logz";
  /** The true log partition function of the target. */
  public static final String LOGZ_TRUE = "logz_true";
  /** {@code |logz - logz_true|}. */
  public static final String LOGZ_ERROR = "logz_error";
  /** Distinct modes seen in training samples so far. */
  public static final String MODES_FOUND = "modes_found";
  /** Number of modes (terminal states of maximal target probability). */
  public static final String MODES_TOTAL = "modes_total";
  /** torchgfn's L1 from a histogram of fresh samples. */
  public static final String L1_SAMPLED = "l1_sampled";
  /** JSD between kernel density estimates of learned and target samples ({@link KernelDensityJsd}). */
  public static final String JSD_KDE = "jsd_kde";
  /** Mean of fresh samples' points (1-D targets). */
  public static final String SAMPLE_MEAN = "sample_mean";
  /** Variance of fresh samples' points (1-D targets). */
  public static final String SAMPLE_VARIANCE = "sample_variance";
  /** The target's mean (1-D targets). */
  public static final String TARGET_MEAN = "target_mean";
  /** The target's variance (1-D targets). */
  public static final String TARGET_VARIANCE = "target_variance";

  public Evaluation {
    metrics = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(metrics, "metrics is null")));
    byCondition = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(byCondition,
        "byCondition is null")));
  }

  /** An unconditional evaluation. */
  public Evaluation(Map<String, Double> metrics) {
    this(metrics, Map.of());
  }

  /** The exact metrics of an enumerable environment; {@code l1Sampled} NaN when not computed. */
  public static Evaluation exact(double l1, double jsd, double kl, double logZ, double logZTrue, int modesFound,
      int modesTotal, double l1Sampled) {
    Map<String, Double> metrics = new LinkedHashMap<>();
    metrics.put(L1_EXACT, l1);
    metrics.put(JSD_EXACT, jsd);
    metrics.put(KL_EXACT, kl);
    metrics.put(LOGZ, logZ);
    metrics.put(LOGZ_TRUE, logZTrue);
    metrics.put(LOGZ_ERROR, Math.abs(logZ - logZTrue));
    metrics.put(MODES_FOUND, (double) modesFound);
    metrics.put(MODES_TOTAL, (double) modesTotal);
    metrics.put(L1_SAMPLED, l1Sampled);
    return new Evaluation(metrics);
  }

  /** The value of metric {@code name}, NaN when it was not computed. */
  public double get(String name) {
    Double value = metrics.get(name);
    return value == null ? Double.NaN : value;
  }

  /** Exact L1 distance. */
  public double l1() {
    return get(L1_EXACT);
  }

  /** Exact Jensen-Shannon divergence. */
  public double jsd() {
    return get(JSD_EXACT);
  }

  /** Exact KL(target || learned). */
  public double kl() {
    return get(KL_EXACT);
  }

  /** The learned log Z. */
  public double logZ() {
    return get(LOGZ);
  }

  /** The true log Z. */
  public double logZTrue() {
    return get(LOGZ_TRUE);
  }

  /** {@code |logZ - logZTrue|}. */
  public double logZError() {
    return get(LOGZ_ERROR);
  }

  /** Distinct modes found so far. */
  public int modesFound() {
    return (int) get(MODES_FOUND);
  }

  /** Number of modes. */
  public int modesTotal() {
    return (int) get(MODES_TOTAL);
  }

  /** torchgfn's sampled L1, NaN when not computed. */
  public double l1Sampled() {
    return get(L1_SAMPLED);
  }
}
