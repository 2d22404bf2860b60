package org.gfn4j.api.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DiscreteStatesTest {
  private final ChainEnvironment env = new ChainEnvironment();

  @Test
  void constructor_rejectsValuesThatDoNotFormRows() {
    assertThatThrownBy(() -> new DiscreteStates(env, 2, new int[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'chain': 3 values do not form 2 states of dimension 1");
    assertThatThrownBy(() -> new DiscreteStates(env, -1, new int[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void accessors_readRowMajorValues() {
    DiscreteStates states = env.states(3, new int[] {0, 2, 3});

    assertThat(states.size()).isEqualTo(3);
    assertThat(states.dim()).isEqualTo(1);
    assertThat(states.environment()).isSameAs(env);
    assertThat(states.get(1, 0)).isEqualTo(2);
    assertThat(states.row(2)).containsExactly(3);
    assertThat(states.format(1)).isEqualTo("[2]");
    assertThat(states.toArray()).containsExactly(0, 2, 3);
  }

  @Test
  void toArray_andRow_returnCopies() {
    DiscreteStates states = env.states(2, new int[] {1, 2});

    states.toArray()[0] = 99;
    states.row(1)[0] = 99;

    assertThat(states.toArray()).containsExactly(1, 2);
  }

  @Test
  void forwardMasks_areComputedOncePerStatesObject() {
    DiscreteStates states = env.states(4, new int[] {0, 1, 2, 3});

    Masks first = states.forwardMasks();
    Masks second = states.forwardMasks();

    assertThat(second).isSameAs(first);
    assertThat(env.forwardMaskCalls()).isEqualTo(4);
    assertThat(first.rows()).isEqualTo(4);
    assertThat(first.width()).isEqualTo(3);
  }

  @Test
  void backwardMasks_areComputedOncePerStatesObject() {
    DiscreteStates states = env.states(4, new int[] {0, 1, 2, 3});

    Masks first = states.backwardMasks();
    states.backwardMasks();
    states.isInitial(0);

    assertThat(states.backwardMasks()).isSameAs(first);
    assertThat(env.backwardMaskCalls()).isEqualTo(4);
    assertThat(first.width()).isEqualTo(2);
  }

  @Test
  void forwardMasks_followTheEnvironmentRules() {
    Masks masks = env.states(4, new int[] {0, 1, 2, 3}).forwardMasks();

    assertThat(rowOf(masks, 0)).containsExactly(true, true, true);
    assertThat(rowOf(masks, 1)).containsExactly(true, true, true);
    assertThat(rowOf(masks, 2)).containsExactly(true, false, true);
    assertThat(rowOf(masks, 3)).containsExactly(false, false, true);
    assertThat(masks.countAllowed(3)).isEqualTo(1);
  }

  @Test
  void backwardMasks_followTheEnvironmentRules() {
    Masks masks = env.states(3, new int[] {0, 1, 3}).backwardMasks();

    assertThat(rowOf(masks, 0)).containsExactly(false, false);
    assertThat(rowOf(masks, 1)).containsExactly(true, false);
    assertThat(rowOf(masks, 2)).containsExactly(true, true);
  }

  @Test
  void isInitial_meansNoAllowedBackwardAction() {
    DiscreteStates states = env.states(3, new int[] {0, 1, 0});

    assertThat(states.isInitial(0)).isTrue();
    assertThat(states.isInitial(1)).isFalse();
    assertThat(states.isInitial(2)).isTrue();
  }

  @Test
  void select_copiesRowsInOrderWithRepeats() {
    DiscreteStates states = env.states(4, new int[] {0, 1, 2, 3});

    DiscreteStates selected = states.select(new int[] {3, 1, 3});

    assertThat(selected.toArray()).containsExactly(3, 1, 3);
    assertThat(selected.environment()).isSameAs(env);
  }

  @Test
  void select_carriesCachedMasksWithoutRecomputing() {
    DiscreteStates states = env.states(4, new int[] {0, 1, 2, 3});
    states.forwardMasks();
    states.backwardMasks();

    DiscreteStates selected = states.select(new int[] {3, 0});
    Masks forward = selected.forwardMasks();
    Masks backward = selected.backwardMasks();

    assertThat(env.forwardMaskCalls()).isEqualTo(4);
    assertThat(env.backwardMaskCalls()).isEqualTo(4);
    assertThat(rowOf(forward, 0)).containsExactly(false, false, true);
    assertThat(rowOf(forward, 1)).containsExactly(true, true, true);
    assertThat(rowOf(backward, 0)).containsExactly(true, true);
    assertThat(rowOf(backward, 1)).containsExactly(false, false);
  }

  @Test
  void select_withoutCachedMasks_computesThemForTheSelectionOnly() {
    DiscreteStates states = env.states(4, new int[] {0, 1, 2, 3});

    states.select(new int[] {2}).forwardMasks();

    assertThat(env.forwardMaskCalls()).isEqualTo(1);
  }

  @Test
  void sameState_comparesRowsAcrossBatches() {
    DiscreteStates a = env.states(2, new int[] {1, 2});
    DiscreteStates b = env.states(2, new int[] {2, 1});

    assertThat(a.sameState(0, b, 1)).isTrue();
    assertThat(a.sameState(0, b, 0)).isFalse();
  }

  @Test
  void toString_showsAtMostEightStates() {
    assertThat(env.states(2, new int[] {0, 3}).toString()).isEqualTo("chain states 2 [[0], [3]]");
    assertThat(env.states(9, new int[9]).toString())
        .isEqualTo("chain states 9 [[0], [0], [0], [0], [0], [0], [0], [0], ...]");
  }

  private static boolean[] rowOf(Masks masks, int row) {
    boolean[] result = new boolean[masks.width()];
    for (int a = 0; a < result.length; a++) {
      result[a] = masks.isAllowed(row, a);
    }
    return result;
  }
}
