package org.gfn4j.core.terms;

import org.gfn4j.api.env.Masks;
import org.gfn4j.api.env.MaskedCategorical;

/** {@code PF_LOG_PROBS} (discrete): log PF of every action at every transition's state, from PF's shared pass. */
final class PfLogProbsPart implements TermPart {
  private final EstimatorOutputs forward;
  private final Masks masks;
  private final double[] values;

  PfLogProbsPart(TermContext context) {
    forward = context.forwardAtStates();
    masks = context.batch().discreteStates().forwardMasks();
    int width = masks.width();
    values = new double[forward.rows() * width];
    double[] row = new double[width];
    for (int t = 0; t < forward.rows(); t++) {
      MaskedCategorical.logProbabilities(forward.outputs(), masks, t, 1.0, row);
      System.arraycopy(row, 0, values, t * width, width);
    }
  }

  @Override
  public double[] values() {
    return values;
  }

  @Override
  public void backward(double[] gradient) {
    int width = masks.width();
    for (int t = 0; t < forward.rows(); t++) {
      for (int a = 0; a < width; a++) {
        if (masks.isAllowed(t, a)) {
          MaskedCategorical.addLogProbabilityGradient(values, t * width, masks, t, a, gradient[t * width + a],
              forward.outputGradient());
        }
      }
    }
  }
}
