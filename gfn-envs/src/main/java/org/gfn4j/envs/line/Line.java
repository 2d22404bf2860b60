package org.gfn4j.envs.line;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.gfn4j.api.env.Conditions;
import org.gfn4j.api.env.ContinuousEnvironment;
import org.gfn4j.api.env.ContinuousStates;
import org.gfn4j.api.env.ContinuousTarget;
import org.gfn4j.api.env.VectorActions;
import org.gfn4j.api.math.LogSumExp;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.api.env.PolicyHead;

/**
 * torchgfn's {@code Line} environment ({@code src/gfn/gym/line.py}) with the policy heads of
 * {@code tutorials/examples/train_line.py}.
 *
 * <p>A state is {@code [x, t]}: a position on the real line and the number of moves made so far; the initial
 * state is {@code [init_value, 0]}. A forward action is a real step {@code a} (width 1): {@code [x, t]} becomes
 * {@code [x + a, t + 1]}; x is unbounded. Every trajectory makes exactly {@code n_steps} moves: below
 * {@code t = n_steps} the exit is not allowed, at {@code t = n_steps} only the exit is (so only those states are
 * terminal). A backward action is also a step {@code a}, undoing the forward one: {@code [x, t]} becomes
 * {@code [x - a, t - 1]} ({@link #backwardActions} is the identity); from {@code t = 1} it must lead to
 * {@code init_value} (within {@code 1e-9 * max(1, |x|, |init_value|)}, then snapped to it exactly), and the
 * initial state has no parent. The log-reward is torchgfn's
 * {@code log sum_k N(x; mu_k, sigma_k)} (an unnormalised sum of densities, log Z = log K), whatever {@code t}.
 * The encoding ({@code "identity"}) is the state itself as floats, {@code [x, t]}, as train_line feeds its MLP.
 *
 * <p>As a {@link ContinuousTarget} the point of a state is {@code [x]}, the target is the equal-weight mixture
 * {@code (1/K) sum_k N(mu_k, sigma_k^2)}, and the domain is torchgfn's
 * {@code [min(mu) - n_sd * max(sigma), max(mu) + n_sd * max(sigma)]}.
 *
 * <p>Both heads are {@link GaussianStepHead}s. Immutable and thread-safe; create with {@link LineProvider} or
 * {@link #of}.
 */
public final class Line implements ContinuousEnvironment, ContinuousTarget {
  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
  private static final double SNAP_TOLERANCE = 1e-9;

  private final Parameters parameters;
  private final double[] mus;
  private final double[] sigmas;
  private final double initValue;
  private final double nSd;
  private final int nSteps;
  private final double low;
  private final double high;
  private final GaussianStepHead forwardHead;
  private final GaussianStepHead backwardHead;

  Line(Parameters parameters) {
    this.parameters = requireNonNull(parameters, "parameters is null");
    this.mus = parseList(parameters, LineProvider.MUS);
    this.sigmas = parseList(parameters, LineProvider.SIGMAS);
    String owner = LineProvider.OWNER;
    if (mus.length != sigmas.length) {
      throw new IllegalArgumentException(owner + ": " + LineProvider.MUS + " has " + mus.length + " values but "
          + LineProvider.SIGMAS + " has " + sigmas.length + "; give one sigma per mu");
    }
    for (int k = 0; k < sigmas.length; k++) {
      if (!(sigmas[k] > 0)) {
        throw new IllegalArgumentException(owner + ": " + LineProvider.SIGMAS + " value " + sigmas[k]
            + " (index " + k + ") must be positive");
      }
    }
    this.initValue = parameters.getDouble(LineProvider.INIT_VALUE);
    this.nSd = parameters.getDouble(LineProvider.N_SD);
    this.nSteps = parameters.getInt(LineProvider.N_STEPS);
    double maxSigma = Arrays.stream(sigmas).max().orElseThrow();
    this.low = Arrays.stream(mus).min().orElseThrow() - nSd * maxSigma;
    this.high = Arrays.stream(mus).max().orElseThrow() + nSd * maxSigma;
    if (!(low < initValue && initValue < high)) {
      throw new IllegalArgumentException(owner + ": " + LineProvider.INIT_VALUE + "=" + initValue
          + " must lie strictly inside the domain (" + low + ", " + high + ") set by " + LineProvider.MUS + ", "
          + LineProvider.SIGMAS + " and " + LineProvider.N_SD);
    }
    double stdMin = parameters.getDouble(LineProvider.POLICY_STD_MIN);
    double stdMax = parameters.getDouble(LineProvider.POLICY_STD_MAX);
    if (!(stdMin < stdMax)) {
      throw new IllegalArgumentException(owner + ": " + LineProvider.POLICY_STD_MIN + "=" + stdMin
          + " must be below " + LineProvider.POLICY_STD_MAX + "=" + stdMax);
    }
    double explorationScale = parameters.getDouble(LineProvider.EXPLORATION_SCALE);
    this.forwardHead = new GaussianStepHead(this, false, stdMin, stdMax, explorationScale);
    this.backwardHead = new GaussianStepHead(this, true, stdMin, stdMax, explorationScale);
  }

  /**
   * A line from raw {@code key=value} settings (those of {@link LineProvider}; absent keys take their defaults).
   *
   * @throws IllegalArgumentException for an unknown key, a malformed or out-of-range value, or an invalid
   *     combination
   */
  public static Line of(Map<String, String> settings) {
    LineProvider provider = new LineProvider();
    return provider.create(Parameters.parse(LineProvider.OWNER, provider.parameters(), settings));
  }

  private static double[] parseList(Parameters parameters, String key) {
    String raw = parameters.getString(key);
    String[] parts = raw.split(",", -1);
    double[] values = new double[parts.length];
    for (int i = 0; i < parts.length; i++) {
      try {
        values[i] = Double.parseDouble(parts[i].trim());
      } catch (NumberFormatException e) {
        values[i] = Double.NaN;
      }
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(LineProvider.OWNER + ": " + key + "=" + raw
            + " is invalid; expected finite numbers separated by commas, such as \"2,5\"");
      }
    }
    return values;
  }

  @Override
  public String name() {
    return LineProvider.NAME;
  }

  @Override
  public Parameters parameters() {
    return parameters;
  }

  @Override
  public int stateDim() {
    return 2;
  }

  @Override
  public int actionDim() {
    return 1;
  }

  @Override
  public int encodingDim() {
    return 2;
  }

  @Override
  public String encoding() {
    return "identity";
  }

  /** The means of the reward's Gaussians (a copy). */
  public double[] mus() {
    return mus.clone();
  }

  /** The standard deviations of the reward's Gaussians (a copy). */
  public double[] sigmas() {
    return sigmas.clone();
  }

  /** The x coordinate of the initial state. */
  public double initValue() {
    return initValue;
  }

  /** The number of standard deviations that bound the domain. */
  public double nSd() {
    return nSd;
  }

  /** The number of moves of every trajectory (the exit is forced after the last). */
  public int nSteps() {
    return nSteps;
  }

  /** torchgfn's {@code log_partition}: the log of the number of Gaussians (each density integrates to 1). */
  @Override
  public double logPartition() {
    return Math.log(mus.length);
  }

  /**
   * States from {@code [x, t]} pairs, row-major; a row with {@code t = 0} is the initial state and must have
   * {@code x = init_value}.
   *
   * @throws IllegalArgumentException naming the row if a count is not an integer in {@code [0, n_steps]}, or a
   *     row at {@code t = 0} is not at {@code init_value}
   */
  public ContinuousStates states(double... xAndSteps) {
    requireNonNull(xAndSteps, "xAndSteps is null");
    if (xAndSteps.length % 2 != 0) {
      throw new IllegalArgumentException("environment 'line': " + xAndSteps.length
          + " values do not form [x, t] pairs");
    }
    int rows = xAndSteps.length / 2;
    boolean[] initial = new boolean[rows];
    for (int row = 0; row < rows; row++) {
      double x = xAndSteps[2 * row];
      double t = xAndSteps[2 * row + 1];
      if (!Double.isFinite(x) || !(t >= 0 && t <= nSteps && t == Math.rint(t))) {
        throw new IllegalArgumentException("environment 'line': state [" + x + ", " + t + "] (row " + row
            + ") needs a finite x and a step count that is an integer in [0, " + nSteps + "]");
      }
      if (t == 0 && x != initValue) {
        throw new IllegalArgumentException("environment 'line': state [" + x + ", " + t + "] (row " + row
            + ") has step count 0 but is not the initial state [" + initValue + ", 0.0]");
      }
      initial[row] = t == 0;
    }
    return new ContinuousStates(this, rows, xAndSteps.clone(), initial, Conditions.none(rows));
  }

  @Override
  public ContinuousStates initialStates(int n, Conditions conditions) {
    requireNonNull(conditions, "conditions is null");
    double[] values = new double[2 * n];
    boolean[] initial = new boolean[n];
    for (int row = 0; row < n; row++) {
      values[2 * row] = initValue;
      initial[row] = true;
    }
    return new ContinuousStates(this, n, values, initial, conditions);
  }

  /** The step count {@code t} of a row, as an int. */
  int stepCount(ContinuousStates states, int row) {
    return (int) states.get(row, 1);
  }

  @Override
  public ContinuousStates step(ContinuousStates states, VectorActions actions) {
    checkSizes(states, actions);
    int rows = states.size();
    double[] values = new double[2 * rows];
    for (int row = 0; row < rows; row++) {
      int t = stepCount(states, row);
      if (actions.isExit(row)) {
        throw invalid("forward", states, actions, row, "the exit ends the trajectory and is not a step");
      }
      if (t >= nSteps) {
        throw invalid("forward", states, actions, row, "only the exit is allowed");
      }
      double a = actions.get(row, 0);
      if (!Double.isFinite(a)) {
        throw invalid("forward", states, actions, row, "a finite step");
      }
      values[2 * row] = states.get(row, 0) + a;
      values[2 * row + 1] = t + 1;
    }
    return new ContinuousStates(this, rows, values, new boolean[rows], states.conditions());
  }

  @Override
  public ContinuousStates backwardStep(ContinuousStates states, VectorActions actions) {
    checkSizes(states, actions);
    int rows = states.size();
    double[] values = new double[2 * rows];
    boolean[] initial = new boolean[rows];
    for (int row = 0; row < rows; row++) {
      int t = stepCount(states, row);
      if (states.isInitial(row) || t <= 0) {
        throw invalid("backward", states, actions, row, "the initial state has no parent");
      }
      if (actions.isExit(row)) {
        throw invalid("backward", states, actions, row, "a backward step, not the exit");
      }
      double a = actions.get(row, 0);
      if (!Double.isFinite(a)) {
        throw invalid("backward", states, actions, row, "a finite step");
      }
      double x = states.get(row, 0);
      if (t == 1) {
        if (!isStepToInitial(x, a)) {
          throw invalid("backward", states, actions, row, "the step back to the initial state, x - init_value = "
              + (x - initValue));
        }
        values[2 * row] = initValue;
        initial[row] = true;
      } else {
        values[2 * row] = x - a;
        values[2 * row + 1] = t - 1;
      }
    }
    return new ContinuousStates(this, rows, values, initial, states.conditions());
  }

  /** Whether the backward step {@code a} from {@code [x, 1]} leads to {@code init_value} (within roundoff). */
  boolean isStepToInitial(double x, double a) {
    double scale = Math.max(1, Math.max(Math.abs(x), Math.abs(initValue)));
    return Math.abs(x - a - initValue) <= SNAP_TOLERANCE * scale;
  }

  private void checkSizes(ContinuousStates states, VectorActions actions) {
    requireNonNull(states, "states is null");
    requireNonNull(actions, "actions is null");
    own(states);
    if (actions.size() != states.size() || actions.dim() != 1) {
      throw new IllegalArgumentException("environment 'line': " + actions.size() + " actions of width "
          + actions.dim() + " for " + states.size() + " states; expected one action of width 1 per state");
    }
  }

  /** An error naming the action, the step count, the state, the row and what was expected. */
  IllegalArgumentException invalid(String direction, ContinuousStates states, VectorActions actions, int row,
      String expected) {
    return new IllegalArgumentException(direction + " action " + actions.format(row) + " at step "
        + stepCount(states, row) + " of " + nSteps + " for state " + states.format(row) + " in environment '"
        + name() + "' (row " + row + " of " + states.size() + "): " + expected);
  }

  @Override
  public double[] logReward(ContinuousStates terminalStates) {
    own(requireNonNull(terminalStates, "terminalStates is null"));
    double[] out = new double[terminalStates.size()];
    for (int row = 0; row < out.length; row++) {
      out[row] = logMixtureSum(terminalStates.get(row, 0));
    }
    return out;
  }

  /** {@code log sum_k N(x; mu_k, sigma_k)}, computed with log-sum-exp (finite for every finite x). */
  double logMixtureSum(double x) {
    double[] terms = new double[mus.length];
    for (int k = 0; k < mus.length; k++) {
      double z = (x - mus[k]) / sigmas[k];
      terms[k] = -0.5 * z * z - Math.log(sigmas[k]) - HALF_LOG_TWO_PI;
    }
    return LogSumExp.of(terms);
  }

  @Override
  public void encode(ContinuousStates states, float[] out) {
    own(requireNonNull(states, "states is null"));
    requireNonNull(out, "out is null");
    if (out.length != 2 * states.size()) {
      throw new IllegalArgumentException("environment 'line': encoding " + states.size() + " states needs "
          + 2 * states.size() + " floats, got " + out.length);
    }
    for (int row = 0; row < states.size(); row++) {
      out[2 * row] = (float) states.get(row, 0);
      out[2 * row + 1] = (float) states.get(row, 1);
    }
  }

  @Override
  public PolicyHead<ContinuousStates, VectorActions> forwardHead() {
    return forwardHead;
  }

  @Override
  public PolicyHead<ContinuousStates, VectorActions> backwardHead() {
    return backwardHead;
  }

  @Override
  public int pointDim() {
    return 1;
  }

  @Override
  public void points(ContinuousStates terminalStates, double[] out) {
    own(requireNonNull(terminalStates, "terminalStates is null"));
    requireNonNull(out, "out is null");
    if (out.length != terminalStates.size()) {
      throw new IllegalArgumentException("environment 'line': " + terminalStates.size() + " points need "
          + terminalStates.size() + " values, got " + out.length);
    }
    for (int row = 0; row < out.length; row++) {
      out[row] = terminalStates.get(row, 0);
    }
  }

  /** Draws from the equal-weight mixture: a uniformly chosen component k, then {@code mu_k + sigma_k * z}. */
  @Override
  public double[] sampleTarget(int n, RandomGenerator random) {
    requireNonNull(random, "random is null");
    if (n < 0) {
      throw new IllegalArgumentException("environment 'line': cannot draw " + n + " target points");
    }
    double[] out = new double[n];
    for (int i = 0; i < n; i++) {
      int k = random.nextInt(mus.length);
      out[i] = mus[k] + sigmas[k] * random.nextGaussian();
    }
    return out;
  }

  @Override
  public double[] domainLow() {
    return new double[] {low};
  }

  @Override
  public double[] domainHigh() {
    return new double[] {high};
  }

  /** The exact mean of the target mixture, {@code mean_k mu_k}. */
  @Override
  public double targetMean() {
    return Arrays.stream(mus).average().orElseThrow();
  }

  /** The exact variance of the target mixture, {@code mean_k (sigma_k^2 + mu_k^2) - mean^2}. */
  @Override
  public double targetVariance() {
    double mean = targetMean();
    double second = 0;
    for (int k = 0; k < mus.length; k++) {
      double d = mus[k] - mean;
      second += sigmas[k] * sigmas[k] + d * d;
    }
    return second / mus.length;
  }

  @Override
  public String toString() {
    return "line(mus=" + Arrays.toString(mus) + ", sigmas=" + Arrays.toString(sigmas) + ", init_value="
        + initValue + ", n_steps=" + nSteps + ")";
  }
}
