package org.gfn4j.losses.tb;

import java.util.List;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.AbstractDiscreteEnvironment;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.param.Parameters;

/**
 * Test fixture: the chain {@code [0] .. [3]} starting at {@code [0]}, with forward actions {@code 0 = +1},
 * {@code 1 = +2} and {@code 2 = exit}. The log-reward of {@code [x]} is {@code log(x)}.
 */
final class ChainEnvironment extends AbstractDiscreteEnvironment {
  static final int PLUS_ONE = 0;
  static final int PLUS_TWO = 1;
  static final int EXIT = 2;
  private static final int LAST = 3;

  ChainEnvironment() {
    super("chain", Parameters.defaults("environment 'chain'", List.of()), 1, 3);
  }

  /**
   * Three trajectories: {@code [0] -> [1] -> exit} (transitions 0, 1), {@code [0] -> exit} (transition 2) and
   * {@code [0] -> [2] -> [3] -> exit} (transitions 3, 4, 5), with the given log-rewards.
   */
  Trajectories threeTrajectories(double logR0, double logR1, double logR2) {
    return new Trajectories(states(6, new int[] {0, 1, 0, 0, 2, 3}),
        new int[] {PLUS_ONE, EXIT, EXIT, PLUS_TWO, PLUS_ONE, EXIT}, new int[] {0, 2, 3, 6},
        new double[] {logR0, logR1, logR2});
  }

  @Override
  protected void initialState(int[] values, int offset) {
    values[offset] = 0;
  }

  @Override
  protected void forwardMask(int[] values, int offset, boolean[] out, int outOffset) {
    out[outOffset + PLUS_ONE] = values[offset] + 1 <= LAST;
    out[outOffset + PLUS_TWO] = values[offset] + 2 <= LAST;
    out[outOffset + EXIT] = true;
  }

  @Override
  protected void backwardMask(int[] values, int offset, boolean[] out, int outOffset) {
    out[outOffset + PLUS_ONE] = values[offset] >= 1;
    out[outOffset + PLUS_TWO] = values[offset] >= 2;
  }

  @Override
  protected void applyForward(int[] values, int offset, int action) {
    values[offset] += action + 1;
  }

  @Override
  protected void applyBackward(int[] values, int offset, int action) {
    values[offset] -= action + 1;
  }

  @Override
  public double[] logReward(DiscreteStates terminalStates) {
    double[] logRewards = new double[terminalStates.size()];
    for (int row = 0; row < logRewards.length; row++) {
      logRewards[row] = Math.log(terminalStates.get(row, 0));
    }
    return logRewards;
  }

  @Override
  public void encode(DiscreteStates states, float[] out) {
    for (int row = 0; row < states.size(); row++) {
      out[row] = states.get(row, 0);
    }
  }

  @Override
  public int encodingDim() {
    return 1;
  }

  @Override
  public String encoding() {
    return "identity";
  }
}
