package org.gfn4j.envs.line;

import static java.util.Objects.requireNonNull;

import java.util.random.RandomGenerator;
import org.gfn4j.api.env.ContinuousStates;
import org.gfn4j.api.env.VectorActions;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.api.env.LogProbabilities;
import org.gfn4j.api.env.PolicyHead;
import org.gfn4j.api.env.SampledActions;

/**
 * The forward or backward policy of {@link Line}: one Gaussian on the step {@code a}, as torchgfn's
 * {@code train_line.py} ({@code GaussianStepMLP}, {@code StepEstimator}, {@code ScaledGaussianWithOptionalExit}).
 *
 * <p>Outputs per state ({@link #outputDim()} 2, forward and backward alike): index 0 is the mean {@code mu} of
 * the step, index 1 a raw value {@code r} mapped to the standard deviation
 * {@code sigma = policy_std_min + (policy_std_max - policy_std_min) * sigmoid(r)}. The log-probability of a step
 * is the Gaussian log-density {@code log N(a; mu, sigma)}. Forced moves have log-probability 0 and zero gradient,
 * their outputs being ignored: forward, the exit at step {@code n_steps} (the only move there; no exit before);
 * backward, the step from {@code t = 1} to the initial state, {@code a = x - init_value}. The initial state has no
 * backward move.
 *
 * <p>Exploration when sampling: the step is drawn from {@code N(mu, (temperature * sigma +
 * epsilon * exploration_scale)^2)}, so {@code temperature} multiplies the policy's standard deviation and
 * {@code epsilon} adds a share of {@code exploration_scale} to it; {@code epsilon} = 1 is train_line's
 * {@code scale_factor = exploration_scale} (its schedule, linear from 2 to 0, is epsilon linear from 1 to 0 with
 * the default scale 2). The exit bias is ignored: the exit is decided by the step count. The log-probability
 * returned by {@link #sample} is the density of the distribution actually sampled.
 */
public final class GaussianStepHead implements PolicyHead<ContinuousStates, VectorActions> {
  private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

  private final Line line;
  private final boolean backward;
  private final double stdMin;
  private final double stdRange;
  private final double explorationScale;

  GaussianStepHead(Line line, boolean backward, double stdMin, double stdMax, double explorationScale) {
    this.line = requireNonNull(line, "line is null");
    this.backward = backward;
    this.stdMin = stdMin;
    this.stdRange = stdMax - stdMin;
    this.explorationScale = explorationScale;
  }

  @Override
  public String name() {
    return backward ? "gaussian-step-backward" : "gaussian-step";
  }

  @Override
  public int outputDim() {
    return 2;
  }

  /** Whether this is the backward head. */
  public boolean isBackward() {
    return backward;
  }

  /** The standard deviation the raw output {@code r} maps to. */
  public double std(double raw) {
    return stdMin + stdRange * sigmoid(raw);
  }

  private static double sigmoid(double raw) {
    if (raw >= 0) {
      return 1 / (1 + Math.exp(-raw));
    }
    double e = Math.exp(raw);
    return e / (1 + e);
  }

  private static double logDensity(double a, double mean, double std) {
    double z = (a - mean) / std;
    return -0.5 * z * z - Math.log(std) - HALF_LOG_TWO_PI;
  }

  /** What a row's move is: a Gaussian step, or one forced move. */
  private enum Move {
    GAUSSIAN, FORCED_EXIT, FORCED_TO_INITIAL
  }

  private Move move(ContinuousStates states, int row) {
    int t = line.stepCount(states, row);
    if (!backward) {
      return t >= line.nSteps() ? Move.FORCED_EXIT : Move.GAUSSIAN;
    }
    if (states.isInitial(row) || t <= 0) {
      throw new IllegalArgumentException(name() + " head of environment 'line': state " + states.format(row)
          + " (row " + row + " of " + states.size() + ") is the initial state, which has no backward move");
    }
    return t == 1 ? Move.FORCED_TO_INITIAL : Move.GAUSSIAN;
  }

  private void checkOutputs(ContinuousStates states, double[] outputs) {
    requireNonNull(states, "states is null");
    requireNonNull(outputs, "outputs is null");
    line.own(states);
    if (outputs.length != 2 * states.size()) {
      throw new IllegalArgumentException(name() + " head of environment 'line': " + outputs.length
          + " outputs for " + states.size() + " states; expected 2 per state (mean, raw std)");
    }
  }

  private void checkRow(ContinuousStates states, double[] outputs, int row) {
    double mean = outputs[2 * row];
    double raw = outputs[2 * row + 1];
    if (!Double.isFinite(mean) || Double.isNaN(raw)) {
      throw new IllegalArgumentException(name() + " head of environment 'line': outputs [" + mean + ", " + raw
          + "] of row " + row + " of " + states.size() + " for state " + states.format(row)
          + " give no valid Gaussian; expected a finite mean and a non-NaN raw std");
    }
  }

  @Override
  public SampledActions<VectorActions> sample(ContinuousStates states, double[] outputs, Exploration exploration,
      RandomGenerator random) {
    checkOutputs(states, outputs);
    requireNonNull(exploration, "exploration is null");
    requireNonNull(random, "random is null");
    int rows = states.size();
    double[] values = new double[rows];
    boolean[] exits = new boolean[rows];
    double[] logProbabilities = new double[rows];
    for (int row = 0; row < rows; row++) {
      switch (move(states, row)) {
        case FORCED_EXIT -> exits[row] = true;
        case FORCED_TO_INITIAL -> values[row] = states.get(row, 0) - line.initValue();
        case GAUSSIAN -> {
          checkRow(states, outputs, row);
          double mean = outputs[2 * row];
          double std = exploration.temperature() * std(outputs[2 * row + 1])
              + exploration.epsilon() * explorationScale;
          double a = mean + std * random.nextGaussian();
          values[row] = a;
          logProbabilities[row] = logDensity(a, mean, std);
        }
        default -> throw new AssertionError();
      }
    }
    return new SampledActions<>(new VectorActions(1, values, exits), logProbabilities);
  }

  @Override
  public LogProbabilities logProbabilities(ContinuousStates states, double[] outputs, VectorActions actions) {
    checkOutputs(states, outputs);
    requireNonNull(actions, "actions is null");
    int rows = states.size();
    if (actions.size() != rows || actions.dim() != 1) {
      throw new IllegalArgumentException(name() + " head of environment 'line': " + actions.size()
          + " actions of width " + actions.dim() + " for " + rows + " states; expected one of width 1 per state");
    }
    String direction = backward ? "backward" : "forward";
    double[] values = new double[rows];
    double[] gradients = new double[2 * rows];
    for (int row = 0; row < rows; row++) {
      Move move = move(states, row);
      if (move == Move.FORCED_EXIT) {
        if (!actions.isExit(row)) {
          throw line.invalid(direction, states, actions, row, "only the exit is allowed");
        }
        continue;
      }
      if (actions.isExit(row)) {
        throw line.invalid(direction, states, actions, row, backward ? "a backward step, not the exit"
            : "a step; the exit is only allowed at step " + line.nSteps());
      }
      double a = actions.get(row, 0);
      if (!Double.isFinite(a)) {
        throw line.invalid(direction, states, actions, row, "a finite step");
      }
      if (move == Move.FORCED_TO_INITIAL) {
        if (!line.isStepToInitial(states.get(row, 0), a)) {
          throw line.invalid(direction, states, actions, row, "the step back to the initial state, x - init_value = "
              + (states.get(row, 0) - line.initValue()));
        }
        continue;
      }
      checkRow(states, outputs, row);
      double mean = outputs[2 * row];
      double raw = outputs[2 * row + 1];
      double s = sigmoid(raw);
      double std = stdMin + stdRange * s;
      double z = (a - mean) / std;
      values[row] = -0.5 * z * z - Math.log(std) - HALF_LOG_TWO_PI;
      gradients[2 * row] = z / std;
      gradients[2 * row + 1] = (z * z - 1) / std * stdRange * s * (1 - s);
    }
    return new GaussianLogProbabilities(values, gradients);
  }

  /** Log-densities with their per-row gradients with respect to {@code (mean, raw std)}. */
  private record GaussianLogProbabilities(double[] values, double[] gradients) implements LogProbabilities {
    @Override
    public void addGradient(double[] upstream, double[] outputGradient) {
      requireNonNull(upstream, "upstream is null");
      requireNonNull(outputGradient, "outputGradient is null");
      if (upstream.length != values.length || outputGradient.length != gradients.length) {
        throw new IllegalArgumentException(upstream.length + " upstream values and " + outputGradient.length
            + " output gradients for " + values.length + " rows of 2 outputs");
      }
      for (int i = 0; i < gradients.length; i++) {
        outputGradient[i] += upstream[i / 2] * gradients[i];
      }
    }
  }

  @Override
  public String toString() {
    return name() + " head (std in [" + stdMin + ", " + (stdMin + stdRange) + "], exploration scale "
        + explorationScale + ")";
  }
}
