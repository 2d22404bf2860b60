package org.gfn4j.testkit;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gfn4j.testkit.fixtures.ChainEnvironment.PLUS_ONE;

import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.objective.Objective;
import org.gfn4j.api.objective.ObjectiveInput;
import org.gfn4j.api.objective.ObjectiveResult;
import org.gfn4j.api.objective.Term;
import org.gfn4j.testkit.fixtures.ChainEnvironment;
import org.junit.jupiter.api.Test;

class ObjectiveConformanceTest {
  private final Trajectories batch = TrajectoryBatches.replay(new ChainEnvironment(), new double[] {0, 1},
      new int[] {PLUS_ONE}, new int[] {});
  // LOG_PF per transition; LOG_PB with -inf at index 2, which the check must skip.
  private final ObjectiveInput input = new ObjectiveInput(batch,
      Map.of(Term.LOG_PF, new double[] {-0.5, -1.0, -0.25},
          Term.LOG_PB, new double[] {0.3, 0, Double.NEGATIVE_INFINITY},
          Term.STATE_LOG_REWARD, new double[] {1, 2, 3}));

  @Test
  void correctGradients_pass() {
    assertThatCode(() -> ObjectiveConformance.checkGradients(new SumOfSquares(g -> g), input, 1e-6, 1e-6))
        .doesNotThrowAnyException();
  }

  @Test
  void wrongGradient_failsNamingTermAndIndex() {
    Objective wrong = new SumOfSquares(g -> {
      g.get(Term.LOG_PB)[1] += 0.01;
      return g;
    });

    assertThatThrownBy(() -> ObjectiveConformance.checkGradients(wrong, input, 1e-6, 1e-6))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("dLoss/dLOG_PB[1] is 0.01 but central differences");
  }

  @Test
  void missingGradient_fails() {
    Objective missing = new SumOfSquares(g -> Map.of(Term.LOG_PF, g.get(Term.LOG_PF)));

    assertThatThrownBy(() -> ObjectiveConformance.checkGradients(missing, input, 1e-6, 1e-6))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("returned no gradient for its declared input LOG_PB");
  }

  @Test
  void gradientOfWrongLength_fails() {
    Objective shortGradient = new SumOfSquares(g -> Map.of(Term.LOG_PF, g.get(Term.LOG_PF), Term.LOG_PB,
        new double[2]));

    assertThatThrownBy(() -> ObjectiveConformance.checkGradients(shortGradient, input, 1e-6, 1e-6))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("gradient of LOG_PB has 2 entries, expected 3");
  }

  @Test
  void gradientForNonDifferentiableTerm_fails() {
    Objective extra = new SumOfSquares(g -> Map.of(Term.LOG_PF, g.get(Term.LOG_PF), Term.LOG_PB, g.get(Term.LOG_PB),
        Term.STATE_LOG_REWARD, new double[3]));

    assertThatThrownBy(() -> ObjectiveConformance.checkGradients(extra, input, 1e-6, 1e-6))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("returned a gradient for STATE_LOG_REWARD");
  }

  /** Loss: sum of squares of the finite LOG_PF and LOG_PB entries; the gradient passes through {@code edit}. */
  private record SumOfSquares(UnaryOperator<Map<Term, double[]>> edit) implements Objective {
    @Override
    public Set<Term> inputs() {
      return Set.of(Term.LOG_PF, Term.LOG_PB, Term.STATE_LOG_REWARD);
    }

    @Override
    public ObjectiveResult evaluate(ObjectiveInput in) {
      double loss = 0;
      double[] pf = in.get(Term.LOG_PF);
      double[] pb = in.get(Term.LOG_PB);
      double[] gradPf = new double[pf.length];
      double[] gradPb = new double[pb.length];
      for (int t = 0; t < pf.length; t++) {
        loss += pf[t] * pf[t];
        gradPf[t] = 2 * pf[t];
        if (Double.isFinite(pb[t])) {
          loss += pb[t] * pb[t];
          gradPb[t] = 2 * pb[t];
        }
      }
      return new ObjectiveResult(loss, edit.apply(new java.util.HashMap<>(Map.of(Term.LOG_PF, gradPf, Term.LOG_PB,
          gradPb))));
    }
  }
}
