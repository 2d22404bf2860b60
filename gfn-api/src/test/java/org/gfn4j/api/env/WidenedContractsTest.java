package org.gfn4j.api.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.param.Parameters;
import org.junit.jupiter.api.Test;

/** The kind-independent contracts: continuous state batches, vector actions, conditions, trajectories of them. */
class WidenedContractsTest {
  /** A 2-D continuous environment with 1-wide conditions; only what batches need is implemented. */
  private static final ContinuousEnvironment PLANE = new ContinuousEnvironment() {
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
      return new ContinuousStates(this, n, new double[2 * n], filled(n), conditions);
    }

    @Override
    public ContinuousStates step(ContinuousStates states, VectorActions actions) {
      double[] values = states.toArray();
      for (int i = 0; i < values.length; i++) {
        values[i] += actions.values()[i];
      }
      return new ContinuousStates(this, states.size(), values, new boolean[states.size()], states.conditions());
    }

    @Override
    public ContinuousStates backwardStep(ContinuousStates states, VectorActions actions) {
      throw new UnsupportedOperationException();
    }

    @Override
    public double[] logReward(ContinuousStates terminalStates) {
      return new double[terminalStates.size()];
    }

    @Override
    public void encode(ContinuousStates states, float[] out) {}

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
  };

  private static boolean[] filled(int n) {
    boolean[] flags = new boolean[n];
    java.util.Arrays.fill(flags, true);
    return flags;
  }

  @Test
  void continuousStates_selectConcatAndFormat_keepValuesInitialFlagsAndConditions() {
    ContinuousStates start = PLANE.initialStates(2, Conditions.of(2, 1, new double[] {0.25, 0.75}));
    ContinuousStates moved = PLANE.step(start, VectorActions.of(2, 0.5, 0.1, 0.2, 0.3));
    ContinuousStates both = ContinuousStates.concat(List.of(start, moved)).select(new int[] {3, 0});
    assertThat(both.toArray()).containsExactly(0.2, 0.3, 0, 0);
    assertThat(both.isInitial(0)).isFalse();
    assertThat(both.isInitial(1)).isTrue();
    assertThat(both.conditions().toArray()).containsExactly(0.75, 0.25);
    assertThat(both.format(1)).isEqualTo("initial [0.0, 0.0] | c=[0.25]");
    assertThat(both.sameState(1, start, 0)).isTrue();
    assertThat(both.sameState(0, moved, 1)).isTrue();
    assertThat(both.sameState(0, moved, 0)).isFalse();
  }

  @Test
  void continuousStates_rejectNaN_andConditionsOfTheWrongWidth() {
    assertThatThrownBy(() -> new ContinuousStates(PLANE, 2, new double[] {0, 0, 1, Double.NaN}, new boolean[2],
        Conditions.none(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'plane': state of row 1 has NaN at coordinate 1");
    assertThatThrownBy(() -> PLANE.initialStates(2, Conditions.of(2, 2, new double[4])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'plane' takes conditions of width 1, got width 2");
    assertThatThrownBy(() -> Conditions.of(1, 1, new double[] {Double.POSITIVE_INFINITY}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("condition of row 0 has the non-finite value Infinity at coordinate 0");
  }

  @Test
  void bareStates_ofAConditionalEnvironment_areRefusedWhereTheConditionMatters() {
    ContinuousStates bare = PLANE.initialStates(1);
    assertThat(bare.conditions().isEmpty()).isTrue();
    assertThatThrownBy(() -> bare.conditions().require("plane", 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("environment 'plane' is conditional (conditions of width 1), but these states carry "
            + "no condition");
  }

  @Test
  void trajectories_ofVectorActions_endWithAnExit_andCarryTheirConditions() {
    ContinuousStates start = PLANE.initialStates(2, Conditions.of(2, 1, new double[] {0.25, 0.75}));
    ContinuousStates moved = PLANE.step(start.select(new int[] {0}), VectorActions.of(2, 0.5, 0.5));
    ContinuousStates states = ContinuousStates.concat(List.of(start.select(new int[] {0}), moved,
        start.select(new int[] {1})));
    VectorActions actions = new VectorActions(2, new double[] {0.5, 0.5, 0, 0, 0, 0},
        new boolean[] {false, true, true});
    Trajectories trajectories = new Trajectories(states, actions, new int[] {0, 2, 3}, new double[] {0, -1});
    assertThat(trajectories.conditions().toArray()).containsExactly(0.25, 0.75);
    assertThat(((ContinuousStates) trajectories.terminalStates()).row(0)).containsExactly(0.5, 0.5);
    assertThat(trajectories.select(new int[] {1, 0}).actions().format(0)).isEqualTo("exit");
    assertThatThrownBy(() -> trajectories.action(0)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("vector actions, not action indices");
    assertThatThrownBy(() -> new Trajectories(states, new VectorActions(2, new double[6], new boolean[3]),
        new int[] {0, 2, 3}, new double[] {0, -1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("trajectory 0 does not end with an exit (its last action is [0.0, 0.0])");
    assertThatThrownBy(() -> ActionBatch.concat(List.of(actions, Actions.of(1))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot concatenate VectorActions and Actions");
  }
}
