package org.gfn4j.envs;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.gfn4j.api.env.AbstractDiscreteEnvironment;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Enumerable;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.testkit.EnvironmentConformance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The conformance kit passes a correct environment and catches each kind of broken one, naming the problem. */
class EnvironmentConformanceKitTest {
  /** One deliberate defect of {@link Line}, and a fragment of the failure message it must cause. */
  enum Flaw {
    NONE(null),
    CYCLE("did not exit within 100000 steps"),
    DEAD_END("allows no forward action"),
    BACKWARD_NOT_INVERSE("but backward action 0 takes that to"),
    NAN_REWARD("log-reward of terminal state [5] is NaN"),
    ENCODE_LEAVES_GARBAGE("must be written and finite"),
    INDEX_IS_ROW("whose index"),
    WRONG_LOG_PARTITION("closedFormLogPartition()");

    final String message;

    Flaw(String message) {
      this.message = message;
    }
  }

  /** States 0..5 on a line: action 0 moves right, action 1 exits; reward 1 everywhere. */
  static final class Line extends AbstractDiscreteEnvironment implements Enumerable {
    private static final int LENGTH = 6;
    private final Flaw flaw;

    Line(Flaw flaw) {
      super("line", Parameters.parse("environment 'line'", List.of(), Map.of()), 1, 2);
      this.flaw = flaw;
    }

    @Override
    protected void initialState(int[] values, int offset) {
      values[offset] = 0;
    }

    @Override
    protected void forwardMask(int[] values, int offset, boolean[] out, int outOffset) {
      out[outOffset] = flaw == Flaw.CYCLE || values[offset] < LENGTH - 1;
      out[outOffset + 1] = flaw != Flaw.DEAD_END || values[offset] < LENGTH - 1;
    }

    @Override
    protected void backwardMask(int[] values, int offset, boolean[] out, int outOffset) {
      out[outOffset] = values[offset] > 0;
    }

    @Override
    protected void applyForward(int[] values, int offset, int action) {
      values[offset] = (values[offset] + 1) % LENGTH;
    }

    @Override
    protected void applyBackward(int[] values, int offset, int action) {
      values[offset] = flaw == Flaw.BACKWARD_NOT_INVERSE ? 0 : values[offset] - 1;
    }

    @Override
    public double[] logReward(DiscreteStates terminalStates) {
      double[] out = new double[terminalStates.size()];
      for (int row = 0; row < out.length; row++) {
        out[row] = flaw == Flaw.NAN_REWARD && terminalStates.get(row, 0) == LENGTH - 1 ? Double.NaN : 0;
      }
      return out;
    }

    @Override
    public void encode(DiscreteStates states, float[] out) {
      if (flaw != Flaw.ENCODE_LEAVES_GARBAGE) {
        Arrays.fill(out, 0, states.size() * LENGTH, 0f);
      }
      for (int row = 0; row < states.size(); row++) {
        out[row * LENGTH + states.get(row, 0)] = 1f;
      }
    }

    @Override
    public int encodingDim() {
      return LENGTH;
    }

    @Override
    public String encoding() {
      return "onehot";
    }

    @Override
    public int stateCount() {
      return LENGTH;
    }

    @Override
    public DiscreteStates allStates() {
      return states(LENGTH, new int[] {0, 1, 2, 3, 4, 5});
    }

    @Override
    public int indexOf(DiscreteStates states, int row) {
      return flaw == Flaw.INDEX_IS_ROW ? row : states.get(row, 0);
    }

    @Override
    public OptionalDouble closedFormLogPartition() {
      return OptionalDouble.of(Math.log(LENGTH) + (flaw == Flaw.WRONG_LOG_PARTITION ? 1e-6 : 0));
    }
  }

  @ParameterizedTest
  @EnumSource(Flaw.class)
  void check_failsOnEachFlawWithMessageNamingIt(Flaw flaw) {
    Line line = new Line(flaw);
    if (flaw == Flaw.NONE) {
      assertThatCode(() -> EnvironmentConformance.check(line, 7L)).doesNotThrowAnyException();
    } else {
      assertThatThrownBy(() -> EnvironmentConformance.check(line, 7L))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("environment 'line'")
          .hasMessageContaining(flaw.message);
    }
  }
}
