package org.gfn4j.core.terms;

/** {@code PF_LOGITS} (discrete): PF's raw outputs at every transition's state, from PF's shared pass. */
final class PfLogitsPart implements TermPart {
  private final EstimatorOutputs forward;

  PfLogitsPart(TermContext context) {
    forward = context.forwardAtStates();
  }

  @Override
  public double[] values() {
    return forward.outputs();
  }

  @Override
  public void backward(double[] gradient) {
    double[] outputGradient = forward.outputGradient();
    for (int i = 0; i < gradient.length; i++) {
      outputGradient[i] += gradient[i];
    }
  }
}
