package org.gfn4j.api.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.SplittableRandom;
import org.gfn4j.api.param.Parameters;
import org.junit.jupiter.api.Test;

class AbstractDiscreteEnvironmentTest {
  private final ChainEnvironment env = new ChainEnvironment();

  @Test
  void constructor_rejectsTooSmallDimensions() {
    Parameters none = Parameters.defaults("environment 'bad'", List.of());

    assertThatThrownBy(() -> new ChainLike(none, 0, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'bad' needs stateDim >= 1 and actionCount >= 2, got 0, 3");
    assertThatThrownBy(() -> new ChainLike(none, 1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'bad' needs stateDim >= 1 and actionCount >= 2, got 1, 1");
  }

  @Test
  void drawsNoTerminalStates_unlessItSaysHow() {
    assertThat(env.sampleTerminalStates(4, new SplittableRandom(1))).isEmpty();
  }

  @Test
  void describesItself() {
    assertThat(env.name()).isEqualTo("chain");
    assertThat(env.stateDim()).isEqualTo(1);
    assertThat(env.actionCount()).isEqualTo(3);
    assertThat(env.exitAction()).isEqualTo(ChainEnvironment.EXIT);
    assertThat(env.parameters().asStrings()).isEmpty();
  }

  @Test
  void initialStates_areCopiesOfTheInitialState() {
    DiscreteStates states = env.initialStates(3);

    assertThat(states.toArray()).containsExactly(0, 0, 0);
    assertThat(states.isInitial(0)).isTrue();
  }

  @Test
  void fillForwardMasks_writesOneRowPerState() {
    boolean[] out = new boolean[2 * 3];

    env.fillForwardMasks(env.states(2, new int[] {2, 3}), out);

    assertThat(out).containsExactly(true, false, true, false, false, true);
  }

  @Test
  void fillBackwardMasks_writesOneRowPerStateWithoutExit() {
    boolean[] out = new boolean[2 * 2];

    env.fillBackwardMasks(env.states(2, new int[] {1, 2}), out);

    assertThat(out).containsExactly(true, false, true, true);
  }

  @Test
  void step_appliesEachRowsAction() {
    DiscreteStates next = env.step(env.states(3, new int[] {0, 1, 2}), Actions.of(1, 0, 0));

    assertThat(next.toArray()).containsExactly(2, 2, 3);
  }

  @Test
  void step_doesNotModifyTheInputStates() {
    DiscreteStates states = env.states(1, new int[] {0});

    env.step(states, Actions.of(0));

    assertThat(states.toArray()).containsExactly(0);
  }

  @Test
  void step_rejectsMaskedAction() {
    assertThatThrownBy(() -> env.step(env.states(1, new int[] {3}), Actions.of(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("action 1 is masked for state [3] in environment 'chain' (row 0 of 1)");
  }

  @Test
  void step_namesTheOffendingRow() {
    assertThatThrownBy(() -> env.step(env.states(3, new int[] {0, 1, 2}), Actions.of(0, 0, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("action 1 is masked for state [2] in environment 'chain' (row 2 of 3)");
  }

  @Test
  void step_rejectsExitAction() {
    assertThatThrownBy(() -> env.step(env.states(1, new int[] {1}), Actions.of(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("exit action 2 cannot be stepped (it ends the trajectory) for state [1] in environment 'chain'"
            + " (row 0 of 1)");
  }

  @Test
  void step_rejectsOutOfRangeAction() {
    assertThatThrownBy(() -> env.step(env.states(1, new int[] {1}), Actions.of(3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("action 3 is out of range [0, 2] for state [1] in environment 'chain' (row 0 of 1)");
    assertThatThrownBy(() -> env.step(env.states(1, new int[] {1}), Actions.of(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("action -1 is out of range [0, 2] for state [1] in environment 'chain' (row 0 of 1)");
  }

  @Test
  void step_rejectsStatesOfAnotherEnvironment() {
    DiscreteStates foreign = new ChainEnvironment(5).states(1, new int[] {0});

    assertThatThrownBy(() -> env.step(foreign, Actions.of(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("states of environment 'chain' passed to environment 'chain'");
  }

  @Test
  void step_rejectsActionCountMismatch() {
    assertThatThrownBy(() -> env.step(env.states(2, new int[] {0, 0}), Actions.of(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'chain': 2 states but 1 actions");
  }

  @Test
  void backwardStep_undoesTheForwardActionWithTheSameIndex() {
    DiscreteStates states = env.states(2, new int[] {0, 1});
    Actions actions = Actions.of(1, 0);

    DiscreteStates back = env.backwardStep(env.step(states, actions), actions);

    assertThat(back.toArray()).containsExactly(0, 1);
  }

  @Test
  void backwardStep_rejectsMaskedBackwardAction() {
    assertThatThrownBy(() -> env.backwardStep(env.states(2, new int[] {2, 1}), Actions.of(1, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backward action 1 is masked for state [1] in environment 'chain' (row 1 of 2)");
  }

  @Test
  void backwardStep_rejectsOutOfRangeAction() {
    assertThatThrownBy(() -> env.backwardStep(env.states(1, new int[] {3}), Actions.of(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backward action 2 is out of range [0, 1] for state [3] in environment 'chain' (row 0 of 1)");
  }

  /** A chain with configurable dimensions, only for the constructor checks. */
  private static final class ChainLike extends AbstractDiscreteEnvironment {
    ChainLike(Parameters parameters, int stateDim, int actionCount) {
      super("bad", parameters, stateDim, actionCount);
    }

    @Override
    protected void initialState(int[] values, int offset) {}

    @Override
    protected void forwardMask(int[] values, int offset, boolean[] out, int outOffset) {}

    @Override
    protected void backwardMask(int[] values, int offset, boolean[] out, int outOffset) {}

    @Override
    protected void applyForward(int[] values, int offset, int action) {}

    @Override
    protected void applyBackward(int[] values, int offset, int action) {}

    @Override
    public double[] logReward(DiscreteStates terminalStates) {
      return new double[terminalStates.size()];
    }

    @Override
    public void encode(DiscreteStates states, float[] out) {}

    @Override
    public int encodingDim() {
      return 1;
    }

    @Override
    public String encoding() {
      return "identity";
    }
  }
}
