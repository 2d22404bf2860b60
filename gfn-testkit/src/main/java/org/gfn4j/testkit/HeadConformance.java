package org.gfn4j.testkit;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.gfn4j.testkit.Checks.require;
import static org.gfn4j.testkit.ContinuousConformance.call;
import static org.gfn4j.testkit.ContinuousConformance.gaussians;
import static org.gfn4j.testkit.ContinuousConformance.label;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.gfn4j.api.env.ContinuousEnvironment;
import org.gfn4j.api.env.ContinuousStates;
import org.gfn4j.api.env.LogProbabilities;
import org.gfn4j.api.env.PolicyHead;
import org.gfn4j.api.env.SampledActions;
import org.gfn4j.api.env.VectorActions;
import org.gfn4j.api.policy.Exploration;

/**
 * The contract of a continuous environment's {@link PolicyHead}, checked at given states with raw outputs drawn
 * i.i.d. N(0, 1): the sampler's log-probabilities agree with {@code logProbabilities}, the gradient agrees with
 * central finite differences, the sampler fits the head's own distribution (atoms by binomial z-tests, the
 * density by a chi-square test on a grid, the total mass by integration), and NaN outputs are rejected.
 * {@link ContinuousConformance#check} runs it on both heads; a plugin author may call it at chosen states.
 */
public final class HeadConformance {
  /** Rows (the same state, outputs of their own) of the sampling and gradient checks. */
  public static final int GRADIENT_ROWS = 8;

  /** Step of the central finite differences. */
  public static final double FINITE_DIFFERENCE_STEP = 1e-5;

  /** Gradient tolerance, relative to {@code max(1, |numeric|)}. */
  public static final double GRADIENT_TOLERANCE = 1e-5;

  /** Tolerance of sampled against recomputed log-probabilities, relative to {@code max(1, |value|)}. */
  public static final double LOG_PROBABILITY_TOLERANCE = 1e-9;

  /** Actions drawn at one state by the goodness-of-fit check. */
  public static final int SAMPLES = 20_000;

  /** Largest |z| accepted for an atom's frequency. */
  public static final double MAX_Z = 5;

  /** The chi-square test of the density fails below this p-value. */
  public static final double MIN_P_VALUE = 1e-6;

  /** Largest accepted distance from 1 of the atoms' probabilities plus the integrated density. */
  public static final double MASS_TOLERANCE = 0.02;

  /** Coarse cells of the chi-square test per action coordinate. */
  private static final int CELLS = 10;

  /** Smallest expected count of a chi-square cell (smaller ones are merged with their neighbours). */
  private static final double MIN_EXPECTED = 5;

  private HeadConformance() {}

  /**
   * Checks {@code head} of {@code env} at every row of {@code states}: sampling against log-probabilities, the
   * gradient, the goodness of fit (for an action width of at most 2) and the rejection of NaN outputs (where the
   * log-probability depends on the outputs at all).
   */
  public static void check(ContinuousEnvironment env, PolicyHead<ContinuousStates, VectorActions> head,
      ContinuousStates states, long seed) {
    requireNonNull(env, "env is null");
    requireNonNull(head, "head is null");
    requireNonNull(states, "states is null");
    SplittableRandom random = new SplittableRandom(seed);
    require(head.outputDim() >= 1, () -> label(env) + ": head '" + head.name() + "' has outputDim "
        + head.outputDim());
    for (int row = 0; row < states.size(); row++) {
      ContinuousStates state = states.select(new int[] {row});
      boolean[] read = checkSamplesAndGradient(env, head, state, random);
      checkGoodnessOfFit(env, head, state, random);
      checkRejectsNaN(env, head, state, read, random);
    }
  }

  /**
   * At {@value #GRADIENT_ROWS} copies of {@code state}: the log-probabilities of sampled actions equal
   * {@code logProbabilities} of them, and {@code addGradient} (which adds) equals central finite differences of
   * {@code sum upstream * logp}; returns which outputs the log-probability depends on.
   */
  private static boolean[] checkSamplesAndGradient(ContinuousEnvironment env,
      PolicyHead<ContinuousStates, VectorActions> head, ContinuousStates state, SplittableRandom random) {
    int width = head.outputDim();
    int rows = GRADIENT_ROWS;
    ContinuousStates batch = state.select(new int[rows]);
    double[] outputs = gaussians(random, rows * width);
    SampledActions<VectorActions> drawn = sample(env, head, batch, outputs, random);
    VectorActions actions = drawn.actions();
    double[] sampled = drawn.logProbabilities();
    LogProbabilities logp = logProbabilities(env, head, batch, outputs, actions);
    double[] values = logp.values();
    for (int row = 0; row < rows; row++) {
      int r = row;
      require(Double.isFinite(values[row]), () -> where(env, head, state) + ": log-probability of sampled action "
          + actions.format(r) + " is " + values[r] + " (outputs " + outputsOf(outputs, r, width) + ")");
      require(close(sampled[row], values[row], LOG_PROBABILITY_TOLERANCE), () -> where(env, head, state)
          + ": sample gave action " + actions.format(r) + " the log-probability " + sampled[r]
          + " but logProbabilities gives " + values[r] + " (outputs " + outputsOf(outputs, r, width) + ")");
    }
    double[] upstream = gaussians(random, rows);
    double[] analytic = new double[rows * width];
    logp.addGradient(upstream, analytic);
    double[] twice = analytic.clone();
    logp.addGradient(upstream, twice);
    for (int i = 0; i < analytic.length; i++) {
      int at = i;
      require(close(twice[i], 2 * analytic[i], 1e-12), () -> where(env, head, state) + ": addGradient does not add"
          + " into outputGradient: output " + at % width + " of row " + at / width + " held " + analytic[at]
          + " and became " + twice[at] + " after a second call");
    }
    boolean[] read = new boolean[width];
    double h = FINITE_DIFFERENCE_STEP;
    for (int i = 0; i < outputs.length; i++) {
      double[] plus = outputs.clone();
      plus[i] += h;
      double[] minus = outputs.clone();
      minus[i] -= h;
      double numeric = (dot(upstream, logProbabilities(env, head, batch, plus, actions).values())
          - dot(upstream, logProbabilities(env, head, batch, minus, actions).values())) / (2 * h);
      int at = i;
      require(Math.abs(analytic[i] - numeric) <= GRADIENT_TOLERANCE * Math.max(1, Math.abs(numeric)),
          () -> where(env, head, state) + ": gradient of sum(upstream * logp) with respect to output " + at % width
              + " of row " + at / width + " (action " + actions.format(at / width) + ", upstream "
              + upstream[at / width] + ", outputs " + outputsOf(outputs, at / width, width) + ") is "
              + analytic[at] + " by addGradient but " + numeric + " by central differences (h = " + h + ")");
      read[i % width] |= Math.abs(numeric) > 1e-12 || analytic[i] != 0;
    }
    return read;
  }

  /**
   * Draws {@value #SAMPLES} actions at {@code state} from one output row and compares them with the head's own
   * log-probability: atoms (exits and vectors drawn at least twice) by binomial z-tests, the rest by a chi-square
   * test of {@value #CELLS} cells per coordinate against the density integrated on a midpoint grid over the
   * samples' bounding box, and the atoms' probabilities plus the integrated density against 1. Skipped for action
   * widths above 2.
   */
  private static void checkGoodnessOfFit(ContinuousEnvironment env,
      PolicyHead<ContinuousStates, VectorActions> head, ContinuousStates state, SplittableRandom random) {
    int dim = env.actionDim();
    if (dim > 2) {
      return;
    }
    int n = SAMPLES;
    double[] row = gaussians(random, head.outputDim());
    VectorActions actions = sample(env, head, state.select(new int[n]), tile(row, n), random).actions();
    Map<List<Double>, int[]> counts = new LinkedHashMap<>();
    int exits = 0;
    for (int i = 0; i < n; i++) {
      if (actions.isExit(i)) {
        exits++;
      } else {
        counts.computeIfAbsent(Arrays.stream(actions.row(i)).boxed().toList(), key -> new int[1])[0]++;
      }
    }
    List<double[]> atoms = new ArrayList<>();
    List<Integer> atomCounts = new ArrayList<>();
    List<double[]> continuous = new ArrayList<>();
    for (Map.Entry<List<Double>, int[]> entry : counts.entrySet()) {
      double[] vector = entry.getKey().stream().mapToDouble(Double::doubleValue).toArray();
      if (entry.getValue()[0] >= 2) {
        atoms.add(vector);
        atomCounts.add(entry.getValue()[0]);
      } else {
        continuous.add(vector);
      }
    }
    int exitCount = exits;
    double atomMass = checkAtoms(env, head, state, row, atoms, atomCounts, exitCount, dim);
    double density = continuous.isEmpty() ? 0 : new DensityFit(env, head, state, row, continuous).check();
    if (Double.isNaN(density)) {
      return;
    }
    double total = atomMass + density;
    require(Math.abs(total - 1) <= MASS_TOLERANCE, () -> where(env, head, state) + ": the probabilities of the "
        + (atoms.size() + (exitCount > 0 ? 1 : 0)) + " atoms (" + atomMass + ") plus the density integrated over the "
        + "box of the " + continuous.size() + " other samples (" + density + ") make " + total + ", not 1 within "
        + MASS_TOLERANCE + " (outputs " + Arrays.toString(row) + ")");
  }

  /** Binomial z-tests of the atoms' frequencies; returns their total probability. */
  private static double checkAtoms(ContinuousEnvironment env, PolicyHead<ContinuousStates, VectorActions> head,
      ContinuousStates state, double[] row, List<double[]> atoms, List<Integer> atomCounts, int exits, int dim) {
    int k = atoms.size() + (exits > 0 ? 1 : 0);
    if (k == 0) {
      return 0;
    }
    double[] values = new double[k * dim];
    boolean[] exitFlags = new boolean[k];
    int[] observed = new int[k];
    for (int i = 0; i < atoms.size(); i++) {
      System.arraycopy(atoms.get(i), 0, values, i * dim, dim);
      observed[i] = atomCounts.get(i);
    }
    if (exits > 0) {
      exitFlags[k - 1] = true;
      observed[k - 1] = exits;
    }
    VectorActions atomActions = new VectorActions(dim, values, exitFlags);
    double[] logp = logProbabilities(env, head, state.select(new int[k]), tile(row, k), atomActions).values();
    double mass = 0;
    int n = SAMPLES;
    for (int i = 0; i < k; i++) {
      int at = i;
      double p = Math.exp(logp[i]);
      String atom = "atom " + atomActions.format(i) + " (drawn " + observed[i] + " times of " + n + ")";
      require(!Double.isNaN(logp[i]) && logp[i] <= 1e-9, () -> where(env, head, state) + ": " + atom
          + " has log-probability " + logp[at] + "; an atom's probability must be at most 1 (outputs "
          + Arrays.toString(row) + ")");
      double diff = observed[i] - n * p;
      double z = diff == 0 ? 0 : diff / Math.sqrt(n * p * (1 - p));
      require(Math.abs(z) < MAX_Z, () -> where(env, head, state) + ": " + atom + " has probability " + p
          + " by logProbabilities, so " + n * p + " draws were expected (z = " + z + ", |z| must be below "
          + MAX_Z + "; outputs " + Arrays.toString(row) + ")");
      mass += p;
    }
    return mass;
  }

  /**
   * With NaN in all outputs of row 1 of a batch of 3 copies of {@code state}, and then in each output the
   * log-probability depends on, {@code sample} and {@code logProbabilities} throw an
   * {@link IllegalArgumentException} naming row 1. Skipped where the log-probability depends on no output (a
   * forced move).
   */
  private static void checkRejectsNaN(ContinuousEnvironment env, PolicyHead<ContinuousStates, VectorActions> head,
      ContinuousStates state, boolean[] read, SplittableRandom random) {
    int width = head.outputDim();
    boolean any = false;
    for (boolean r : read) {
      any |= r;
    }
    if (!any) {
      return;
    }
    ContinuousStates batch = state.select(new int[3]);
    double[] outputs = gaussians(random, 3 * width);
    VectorActions actions = sample(env, head, batch, outputs, random).actions();
    for (int j = -1; j < width; j++) {
      if (j >= 0 && !read[j]) {
        continue;
      }
      double[] broken = outputs.clone();
      if (j < 0) {
        Arrays.fill(broken, width, 2 * width, Double.NaN);
      } else {
        broken[width + j] = Double.NaN;
      }
      String which = j < 0 ? "every output" : "output " + j;
      expectRejected(env, head, state, "sample", which,
          () -> head.sample(batch, broken, Exploration.NONE, random));
      expectRejected(env, head, state, "logProbabilities", which,
          () -> head.logProbabilities(batch, broken, actions));
    }
  }

  private static void expectRejected(ContinuousEnvironment env, PolicyHead<ContinuousStates, VectorActions> head,
      ContinuousStates state, String call, String which, ThrowingCallable callable) {
    String what = where(env, head, state) + ": " + call + " with NaN in " + which + " of row 1 of 3 copies of the"
        + " state";
    Throwable thrown = catchThrowable(callable);
    require(thrown != null, () -> what + " did not throw; expected an IllegalArgumentException naming row 1");
    assertThat(thrown).as(what).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 1");
  }

  /**
   * The chi-square test of the non-atom samples at one state against the head's density, integrated with the
   * midpoint rule on a fine grid over the samples' bounding box (widened by a thousandth of its width per side).
   */
  private static final class DensityFit {
    private final ContinuousEnvironment env;
    private final PolicyHead<ContinuousStates, VectorActions> head;
    private final ContinuousStates state;
    private final double[] outputs;
    private final List<double[]> samples;
    private final int dim;
    private final double[] low;
    private final double[] width;

    DensityFit(ContinuousEnvironment env, PolicyHead<ContinuousStates, VectorActions> head, ContinuousStates state,
        double[] outputs, List<double[]> samples) {
      this.env = env;
      this.head = head;
      this.state = state;
      this.outputs = outputs;
      this.samples = samples;
      this.dim = env.actionDim();
      this.low = new double[dim];
      this.width = new double[dim];
    }

    /** Runs the test and returns the density's integral over the box, or NaN if the box is flat (no test). */
    double check() {
      for (int d = 0; d < dim; d++) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] sample : samples) {
          min = Math.min(min, sample[d]);
          max = Math.max(max, sample[d]);
        }
        if (!(max > min) || !Double.isFinite(max - min)) {
          return Double.NaN;
        }
        low[d] = min - 1e-3 * (max - min);
        width[d] = (max - min) * (1 + 2e-3);
      }
      int fine = dim == 1 ? 2000 : 200;
      int perCell = fine / CELLS;
      int points = dim == 1 ? fine : fine * fine;
      double[] grid = new double[points * dim];
      double volume = 1;
      for (int d = 0; d < dim; d++) {
        volume *= width[d] / fine;
      }
      for (int p = 0; p < points; p++) {
        grid[p * dim] = low[0] + (p % fine + 0.5) * width[0] / fine;
        if (dim == 2) {
          grid[p * dim + 1] = low[1] + (p / fine + 0.5) * width[1] / fine;
        }
      }
      double[] density = new double[points];
      evaluate(grid, 0, points, density);
      int cells = dim == 1 ? CELLS : CELLS * CELLS;
      double[] probability = new double[cells];
      double mass = 0;
      for (int p = 0; p < points; p++) {
        int cell = (p % fine) / perCell + (dim == 2 ? (p / fine) / perCell * CELLS : 0);
        probability[cell] += density[p] * volume;
        mass += density[p] * volume;
      }
      double total = mass;
      require(total > 0 && Double.isFinite(total), () -> where(env, head, state) + ": the density integrates to "
          + total + " over " + box() + ", the box of " + samples.size() + " sampled actions that are not atoms");
      int[] observed = new int[cells];
      for (double[] sample : samples) {
        int cell = 0;
        for (int d = dim - 1; d >= 0; d--) {
          int c = (int) Math.floor((sample[d] - low[d]) / width[d] * CELLS);
          cell = cell * CELLS + Math.min(Math.max(c, 0), CELLS - 1);
        }
        observed[cell]++;
      }
      chiSquare(probability, observed, total);
      return total;
    }

    /** Groups cells in order until each group expects at least {@value #MIN_EXPECTED} samples, then tests. */
    private void chiSquare(double[] probability, int[] observed, double total) {
      int m = samples.size();
      List<double[]> groups = new ArrayList<>();
      double expected = 0;
      int count = 0;
      int first = 0;
      for (int cell = 0; cell < probability.length; cell++) {
        expected += m * probability[cell] / total;
        count += observed[cell];
        if (expected >= MIN_EXPECTED) {
          groups.add(new double[] {expected, count, first, cell});
          expected = 0;
          count = 0;
          first = cell + 1;
        }
      }
      if (first < probability.length) {
        if (groups.isEmpty()) {
          return;
        }
        double[] lastGroup = groups.get(groups.size() - 1);
        lastGroup[0] += expected;
        lastGroup[1] += count;
        lastGroup[3] = probability.length - 1;
      }
      if (groups.size() < 2) {
        return;
      }
      double statistic = 0;
      double[] worst = groups.get(0);
      double worstTerm = -1;
      for (double[] group : groups) {
        double term = (group[1] - group[0]) * (group[1] - group[0]) / group[0];
        statistic += term;
        if (term > worstTerm) {
          worstTerm = term;
          worst = group;
        }
      }
      int df = groups.size() - 1;
      double p = chiSquareTail(statistic, df);
      double x2 = statistic;
      double[] w = worst;
      require(p >= MIN_P_VALUE, () -> where(env, head, state) + ": the " + m + " sampled actions that are not atoms"
          + " do not follow the density of logProbabilities: chi-square " + x2 + " with " + df
          + " degrees of freedom, p = " + p + " (fails below " + MIN_P_VALUE + "); worst: cells " + (int) w[2]
          + ".." + (int) w[3] + " (" + (dim == 1 ? "" : "row-major, ") + CELLS + " per coordinate over " + box()
          + ") hold " + (int) w[1] + " samples where " + w[0] + " were expected (outputs "
          + Arrays.toString(outputs) + ")");
    }

    /** Fills {@code out[from, to)} with the density at those grid points; 0 where the head rejects the point. */
    private void evaluate(double[] grid, int from, int to, double[] out) {
      int k = to - from;
      double[] logp;
      try {
        VectorActions actions = new VectorActions(dim, Arrays.copyOfRange(grid, from * dim, to * dim),
            new boolean[k]);
        logp = head.logProbabilities(state.select(new int[k]), tile(outputs, k), actions).values();
      } catch (IllegalArgumentException e) {
        if (k == 1) {
          out[from] = 0;
          return;
        }
        int middle = from + k / 2;
        evaluate(grid, from, middle, out);
        evaluate(grid, middle, to, out);
        return;
      }
      for (int i = 0; i < k; i++) {
        int at = from + i;
        double value = logp[i];
        require(!Double.isNaN(value) && value != Double.POSITIVE_INFINITY, () -> where(env, head, state)
            + ": log-density " + value + " at action " + Arrays.toString(Arrays.copyOfRange(grid, at * dim,
                (at + 1) * dim)) + " (outputs " + Arrays.toString(outputs) + ")");
        out[at] = Math.exp(value);
      }
    }

    private String box() {
      StringBuilder text = new StringBuilder();
      for (int d = 0; d < dim; d++) {
        text.append(d == 0 ? "" : " x ").append('[').append(low[d]).append(", ").append(low[d] + width[d])
            .append(']');
      }
      return text.toString();
    }
  }

  /** The upper tail of the chi-square distribution by the Wilson–Hilferty transform. */
  static double chiSquareTail(double statistic, int df) {
    double k = df;
    double z = (Math.cbrt(statistic / k) - (1 - 2 / (9 * k))) / Math.sqrt(2 / (9 * k));
    return 0.5 * erfc(z / Math.sqrt(2));
  }

  /** The complementary error function (Chebyshev fit, relative error below 1.2e-7). */
  static double erfc(double x) {
    double z = Math.abs(x);
    double t = 1 / (1 + 0.5 * z);
    double r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
        + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223
        + t * 0.17087277)))))))));
    return x >= 0 ? r : 2 - r;
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  private static SampledActions<VectorActions> sample(ContinuousEnvironment env,
      PolicyHead<ContinuousStates, VectorActions> head, ContinuousStates states, double[] outputs,
      SplittableRandom random) {
    SampledActions<VectorActions> sampled = call(env, () -> head.sample(states, outputs, Exploration.NONE, random),
        "head '" + head.name() + "' sample at " + states.size() + " copies of " + states.format(0));
    VectorActions actions = sampled == null ? null : sampled.actions();
    require(actions != null && actions.size() == states.size() && actions.dim() == env.actionDim(),
        () -> where(env, head, states) + ": sample returned " + actions + " for " + states.size()
            + " states; expected one action of width " + env.actionDim() + " per state");
    return sampled;
  }

  static LogProbabilities logProbabilities(ContinuousEnvironment env,
      PolicyHead<ContinuousStates, VectorActions> head, ContinuousStates states, double[] outputs,
      VectorActions actions) {
    LogProbabilities logp = call(env, () -> head.logProbabilities(states, outputs, actions), "head '"
        + head.name() + "' logProbabilities of actions it sampled at " + states.format(0));
    require(logp != null && logp.values() != null && logp.values().length == states.size(),
        () -> where(env, head, states) + ": logProbabilities of " + states.size() + " actions returned "
            + (logp == null || logp.values() == null ? null : logp.values().length) + " values");
    return logp;
  }

  /** Names the environment, the head and the state of a failure. */
  static String where(ContinuousEnvironment env, PolicyHead<ContinuousStates, VectorActions> head,
      ContinuousStates state) {
    return label(env) + ", head '" + head.name() + "' at state " + state.format(0);
  }

  /** {@code row} repeated {@code times} times. */
  static double[] tile(double[] row, int times) {
    double[] out = new double[row.length * times];
    for (int i = 0; i < times; i++) {
      System.arraycopy(row, 0, out, i * row.length, row.length);
    }
    return out;
  }

  private static boolean close(double actual, double expected, double tolerance) {
    return actual == expected || Math.abs(actual - expected) <= tolerance * Math.max(1, Math.abs(expected));
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static String outputsOf(double[] outputs, int row, int width) {
    return Arrays.toString(Arrays.copyOfRange(outputs, row * width, (row + 1) * width));
  }
}
