package org.gfn4j.core.eval;

import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.gfn4j.api.env.Conditions;
import org.gfn4j.api.env.ContinuousEnvironment;
import org.gfn4j.api.env.ContinuousStates;
import org.gfn4j.api.env.ContinuousTarget;
import org.gfn4j.api.env.LogProbabilities;
import org.gfn4j.api.env.PolicyHead;
import org.gfn4j.api.env.SampledActions;
import org.gfn4j.api.env.VectorActions;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.api.policy.Exploration;

/**
 * A continuous test environment over the unit cube of width 1 or 2: one move from the initial state to a point
 * drawn uniformly (whatever the policy outputs), then the exit; the reward is 1, so the target is uniform.
 */
final class UnitCube implements ContinuousEnvironment, ContinuousTarget {
  private final int dim;
  private final PolicyHead<ContinuousStates, VectorActions> forward = new Head(true);
  private final PolicyHead<ContinuousStates, VectorActions> backward = new Head(false);

  UnitCube(int dim) {
    this.dim = dim;
  }

  @Override
  public String name() {
    return "unit-cube";
  }

  @Override
  public Parameters parameters() {
    return Parameters.defaults("environment 'unit-cube'", List.of());
  }

  @Override
  public int encodingDim() {
    return dim;
  }

  @Override
  public String encoding() {
    return "identity";
  }

  @Override
  public int stateDim() {
    return dim;
  }

  @Override
  public int actionDim() {
    return dim;
  }

  @Override
  public ContinuousStates initialStates(int n, Conditions conditions) {
    boolean[] initial = new boolean[n];
    Arrays.fill(initial, true);
    return new ContinuousStates(this, n, new double[n * dim], initial, conditions);
  }

  @Override
  public ContinuousStates step(ContinuousStates states, VectorActions actions) {
    return new ContinuousStates(this, states.size(), actions.values().clone(), new boolean[states.size()],
        states.conditions());
  }

  @Override
  public ContinuousStates backwardStep(ContinuousStates states, VectorActions actions) {
    return initialStates(states.size(), states.conditions());
  }

  @Override
  public double[] logReward(ContinuousStates terminalStates) {
    return new double[terminalStates.size()];
  }

  @Override
  public void encode(ContinuousStates states, float[] out) {
    double[] values = states.toArray();
    for (int i = 0; i < values.length; i++) {
      out[i] = (float) values[i];
    }
  }

  @Override
  public PolicyHead<ContinuousStates, VectorActions> forwardHead() {
    return forward;
  }

  @Override
  public PolicyHead<ContinuousStates, VectorActions> backwardHead() {
    return backward;
  }

  @Override
  public int pointDim() {
    return dim;
  }

  @Override
  public void points(ContinuousStates terminalStates, double[] out) {
    System.arraycopy(terminalStates.toArray(), 0, out, 0, terminalStates.size() * dim);
  }

  @Override
  public double[] sampleTarget(int n, RandomGenerator random) {
    double[] points = new double[n * dim];
    for (int i = 0; i < points.length; i++) {
      points[i] = random.nextDouble();
    }
    return points;
  }

  @Override
  public double[] domainLow() {
    return new double[dim];
  }

  @Override
  public double[] domainHigh() {
    double[] high = new double[dim];
    Arrays.fill(high, 1);
    return high;
  }

  @Override
  public double logPartition() {
    return 0;
  }

  @Override
  public double targetMean() {
    return 0.5;
  }

  @Override
  public double targetVariance() {
    return 1.0 / 12;
  }

  /** Forward: a uniform point from the initial state, the exit elsewhere; backward: back to the initial state. */
  private final class Head implements PolicyHead<ContinuousStates, VectorActions> {
    private final boolean isForward;

    Head(boolean isForward) {
      this.isForward = isForward;
    }

    @Override
    public String name() {
      return "uniform-point";
    }

    @Override
    public int outputDim() {
      return 1;
    }

    @Override
    public SampledActions<VectorActions> sample(ContinuousStates states, double[] outputs, Exploration exploration,
        RandomGenerator random) {
      int n = states.size();
      double[] values = new double[n * dim];
      boolean[] exits = new boolean[n];
      for (int row = 0; row < n; row++) {
        exits[row] = isForward && !states.isInitial(row);
        for (int d = 0; d < dim && !exits[row]; d++) {
          values[row * dim + d] = isForward ? random.nextDouble() : states.get(row, d);
        }
      }
      return new SampledActions<>(new VectorActions(dim, values, exits), new double[n]);
    }

    @Override
    public LogProbabilities logProbabilities(ContinuousStates states, double[] outputs, VectorActions actions) {
      double[] values = new double[states.size()];
      return new LogProbabilities() {
        @Override
        public double[] values() {
          return values;
        }

        @Override
        public void addGradient(double[] upstream, double[] outputGradient) {}
      };
    }
  }
}
