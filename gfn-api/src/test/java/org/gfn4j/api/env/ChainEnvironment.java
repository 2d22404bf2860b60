package org.gfn4j.api.env;

import java.util.List;
import org.gfn4j.api.param.Parameters;

/**
 * Test fixture: a 1-D chain of states {@code [0] .. [last]} starting at {@code [0]}, with forward actions
 * {@code 0 = +1}, {@code 1 = +2} and {@code 2 = exit}; backward action {@code a} undoes forward action {@code a}.
 * The log-reward of {@code [x]} is {@code log(x)}, so {@code [0]} has reward zero. It counts how often the per-state
 * mask rules run, to check that masks are cached.
 */
public final class ChainEnvironment extends AbstractDiscreteEnvironment {
  /** Forward action moving one step. */
  public static final int PLUS_ONE = 0;
  /** Forward action moving two steps. */
  public static final int PLUS_TWO = 1;
  /** The exit action. */
  public static final int EXIT = 2;

  private final int last;
  private int forwardMaskCalls;
  private int backwardMaskCalls;

  /** A chain {@code [0] .. [last]}. */
  public ChainEnvironment(int last) {
    super("chain", Parameters.defaults("environment 'chain'", List.of()), 1, 3);
    this.last = last;
  }

  /** The chain {@code [0] .. [3]}. */
  public ChainEnvironment() {
    this(3);
  }

  /** How many states the forward mask rule has been evaluated for. */
  public int forwardMaskCalls() {
    return forwardMaskCalls;
  }

  /** How many states the backward mask rule has been evaluated for. */
  public int backwardMaskCalls() {
    return backwardMaskCalls;
  }

  @Override
  protected void initialState(int[] values, int offset) {
    values[offset] = 0;
  }

  @Override
  protected void forwardMask(int[] values, int offset, boolean[] out, int outOffset) {
    forwardMaskCalls++;
    out[outOffset + PLUS_ONE] = values[offset] + 1 <= last;
    out[outOffset + PLUS_TWO] = values[offset] + 2 <= last;
    out[outOffset + EXIT] = true;
  }

  @Override
  protected void backwardMask(int[] values, int offset, boolean[] out, int outOffset) {
    backwardMaskCalls++;
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
