package org.gfn4j.api.objective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.ChainEnvironment;
import org.junit.jupiter.api.Test;

class ObjectiveInputTest {
  private final ChainEnvironment env = new ChainEnvironment();
  /** [0] -> [1] -> exit, then [0] -> exit. */
  private final Trajectories trajectories = new Trajectories(env.states(3, new int[] {0, 1, 0}),
      new int[] {ChainEnvironment.PLUS_ONE, ChainEnvironment.EXIT, ChainEnvironment.EXIT}, new int[] {0, 2, 3},
      new double[] {0, 0});

  @Test
  void get_returnsTheDeclaredValues() {
    double[] logPf = {-1, -2, -3};
    ObjectiveInput input = new ObjectiveInput(trajectories, Map.of(Term.LOG_PF, logPf, Term.LOG_Z, new double[2]));

    assertThat(input.get(Term.LOG_PF)).isSameAs(logPf);
    assertThat(input.trajectories()).isSameAs(trajectories);
  }

  @Test
  void constructor_rejectsWrongLengths() {
    assertThatThrownBy(() -> new ObjectiveInput(trajectories, Map.of(Term.LOG_PB, new double[2])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("LOG_PB has 2 values, expected 3");
    assertThatThrownBy(() -> new ObjectiveInput(trajectories, Map.of(Term.LOG_Z, new double[3])))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("LOG_Z has 3 values, expected 2");
  }

  @Test
  void get_failsForAnUndeclaredTerm() {
    ObjectiveInput input = new ObjectiveInput(trajectories, Map.of());

    assertThatThrownBy(() -> input.get(Term.LOG_Z))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("objective input has no LOG_Z; declare it in Objective.inputs()");
  }

  @Test
  void result_givesZerosForTermsWithoutGradient() {
    ObjectiveResult result = new ObjectiveResult(1.5, Map.of(Term.LOG_Z, new double[] {2}));

    assertThat(result.gradient(Term.LOG_Z, 1)).containsExactly(2);
    assertThat(result.gradient(Term.LOG_PF, 3)).containsExactly(0, 0, 0);
  }

  @Test
  void result_acceptsAnEmptyGradientMap() {
    ObjectiveResult result = new ObjectiveResult(0.0, Map.of());

    assertThat(result.gradients()).isEmpty();
    assertThat(result.gradient(Term.LOG_PB, 2)).containsExactly(0, 0);
  }
}
