package org.gfn4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.DoubleSupplier;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Checks an estimator's back-propagated parameter gradients against central finite differences of a loss, one
 * parameter at a time (use a DOUBLE-precision estimator).
 */
public final class ParameterGradients {
  private ParameterGradients() {}

  /**
   * Asserts that {@code analytic[i]} matches {@code (loss(p_i + h) - loss(p_i - h)) / 2h} for every parameter,
   * within {@code absolute + relative * |numeric|}, and that more than {@code minimumShare} of the parameters
   * have a numeric gradient above 1e-5 (so the check cannot pass on a loss that ignores them).
   *
   * @param what names the estimator in failure messages
   * @param parameters the live parameter buffer (restored after each probe)
   * @param analytic the gradient computed at the unperturbed parameters
   * @param loss recomputes the loss at the current parameters
   */
  public static void assertMatchFiniteDifferences(String what, INDArray parameters, double[] analytic,
      DoubleSupplier loss, double h, double absolute, double relative, double minimumShare) {
    assertThat(analytic).as("%s gradient length", what).hasSize((int) parameters.length());
    int exercised = 0;
    for (int i = 0; i < parameters.length(); i++) {
      double original = parameters.getDouble(i);
      parameters.putScalar(i, original + h);
      double plus = loss.getAsDouble();
      parameters.putScalar(i, original - h);
      double minus = loss.getAsDouble();
      parameters.putScalar(i, original);
      double numeric = (plus - minus) / (2 * h);
      exercised += Math.abs(numeric) > 1e-5 ? 1 : 0;
      assertThat(analytic[i]).as("%s parameter %d", what, i)
          .isCloseTo(numeric, within(absolute + relative * Math.abs(numeric)));
    }
    assertThat(exercised).as("parameters of %s with a non-zero gradient", what)
        .isGreaterThan((int) (minimumShare * parameters.length()));
  }
}
