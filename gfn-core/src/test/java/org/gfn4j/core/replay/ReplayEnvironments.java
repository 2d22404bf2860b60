package org.gfn4j.core.replay;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.gfn4j.api.env.AbstractDiscreteEnvironment;
import org.gfn4j.api.env.Conditions;
import org.gfn4j.api.env.ContinuousEnvironment;
import org.gfn4j.api.env.ContinuousStates;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.PolicyHead;
import org.gfn4j.api.env.VectorActions;
import org.gfn4j.api.param.Parameters;

/** Small environments for replay-state tests: a conditional discrete line and a conditional continuous plane. */
final class ReplayEnvironments {
  private ReplayEnvironments() {}

  /** A discrete line 0..9, moves +1 or exit, with conditions of a given width; log R = x. */
  static final class Line extends AbstractDiscreteEnvironment {
    private final int conditionDim;

    Line(int conditionDim) {
      super("line", Parameters.parse("environment 'line'", List.of(), Map.of()), 1, 2);
      this.conditionDim = conditionDim;
    }

    @Override
    public int conditionDim() {
      return conditionDim;
    }

    @Override
    protected void initialState(int[] values, int offset) {
      values[offset] = 0;
    }

    @Override
    protected void forwardMask(int[] values, int offset, boolean[] out, int outOffset) {
      out[outOffset] = values[offset] < 9;
      out[outOffset + 1] = true;
    }

    @Override
    protected void backwardMask(int[] values, int offset, boolean[] out, int outOffset) {
      out[outOffset] = values[offset] > 0;
    }

    @Override
    protected void applyForward(int[] values, int offset, int action) {
      values[offset]++;
    }

    @Override
    protected void applyBackward(int[] values, int offset, int action) {
      values[offset]--;
    }

    @Override
    public double[] logReward(DiscreteStates states) {
      double[] result = new double[states.size()];
      for (int i = 0; i < result.length; i++) {
        result[i] = states.get(i, 0);
      }
      return result;
    }

    @Override
    public int encodingDim() {
      return 1;
    }

    @Override
    public String encoding() {
      return "identity";
    }

    @Override
    public void encode(DiscreteStates states, float[] out) {
      for (int i = 0; i < states.size(); i++) {
        out[i] = states.get(i, 0);
      }
    }
  }

  /** A 2-D continuous environment with 1-wide conditions; only what batches need is implemented. */
  static final class Plane implements ContinuousEnvironment {
    @Override
    public int stateDim() {
      return 2;
    }

    @Override
    public int actionDim() {
      return 2;
    }

    @Override
    public int conditionDim() {
      return 1;
    }

    @Override
    public ContinuousStates initialStates(int n, Conditions conditions) {
      boolean[] initial = new boolean[n];
      Arrays.fill(initial, true);
      return new ContinuousStates(this, n, new double[2 * n], initial, conditions);
    }

    @Override
    public ContinuousStates step(ContinuousStates states, VectorActions actions) {
      throw new UnsupportedOperationException();
    }

    @Override
    public ContinuousStates backwardStep(ContinuousStates states, VectorActions actions) {
      throw new UnsupportedOperationException();
    }

    @Override
    public double[] logReward(ContinuousStates terminalStates) {
      throw new UnsupportedOperationException();
    }

    @Override
    public void encode(ContinuousStates states, float[] out) {
      throw new UnsupportedOperationException();
    }

    @Override
    public PolicyHead<ContinuousStates, VectorActions> forwardHead() {
      throw new UnsupportedOperationException();
    }

    @Override
    public PolicyHead<ContinuousStates, VectorActions> backwardHead() {
      throw new UnsupportedOperationException();
    }

    @Override
    public String name() {
      return "plane";
    }

    @Override
    public Parameters parameters() {
      return Parameters.parse("environment 'plane'", List.of(), Map.of());
    }

    @Override
    public int encodingDim() {
      return 2;
    }

    @Override
    public String encoding() {
      return "identity";
    }
  }
}
