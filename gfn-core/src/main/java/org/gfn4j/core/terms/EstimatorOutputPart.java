package org.gfn4j.core.terms;

import org.gfn4j.api.objective.Term;
import org.gfn4j.api.policy.Estimator;

/** An open term ({@link Term#estimatorOutput}): an extra trained estimator's outputs at every transition's state. */
final class EstimatorOutputPart implements TermPart {
  private final EstimatorOutputs outputs;

  EstimatorOutputPart(TermContext context, Term term) {
    Estimator estimator = context.model().extraOutputs().get(term.key());
    if (estimator == null) {
      throw new IllegalStateException("the model has no estimator for output '" + term.key() + "'");
    }
    outputs = new EstimatorOutputs(estimator, context.batch().states(), true);
  }

  @Override
  public double[] values() {
    return outputs.outputs();
  }

  @Override
  public void backward(double[] gradient) {
    double[] outputGradient = outputs.outputGradient();
    for (int i = 0; i < gradient.length; i++) {
      outputGradient[i] += gradient[i];
    }
    outputs.backward();
  }
}
