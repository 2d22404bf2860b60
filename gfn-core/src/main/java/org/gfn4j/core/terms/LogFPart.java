package org.gfn4j.core.terms;

/** {@code LOG_F}: the state-flow estimator's output at every transition's state. */
final class LogFPart implements TermPart {
  private final EstimatorOutputs flows;

  LogFPart(TermContext context) {
    flows = new EstimatorOutputs(context.model().logFlow().orElseThrow(), context.batch().states(), true);
  }

  @Override
  public double[] values() {
    return flows.outputs();
  }

  @Override
  public void backward(double[] gradient) {
    double[] outputGradient = flows.outputGradient();
    for (int t = 0; t < gradient.length; t++) {
      outputGradient[t] += gradient[t];
    }
    flows.backward();
  }
}
