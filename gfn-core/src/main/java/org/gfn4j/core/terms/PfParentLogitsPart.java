package org.gfn4j.core.terms;

import java.util.Arrays;
import org.gfn4j.api.env.Actions;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Masks;

/**
 * {@code PF_PARENT_LOGITS} (discrete): PF's raw output at every parent of every transition's state, at the action
 * leading to that state (one trainable pass over all parents).
 */
final class PfParentLogitsPart implements TermPart {
  private final int width;
  private final int[] transitionOfRow;
  private final int[] actionOfRow;
  private final EstimatorOutputs outputs;
  private final double[] values;

  PfParentLogitsPart(TermContext context) {
    DiscreteStates states = context.batch().discreteStates();
    DiscreteEnvironment environment = states.environment();
    int transitions = states.size();
    width = environment.backwardActionCount();
    Masks masks = states.backwardMasks();
    int count = 0;
    for (int t = 0; t < transitions; t++) {
      count += masks.countAllowed(t);
    }
    transitionOfRow = new int[count];
    actionOfRow = new int[count];
    for (int t = 0, k = 0; t < transitions; t++) {
      for (int b = 0; b < width; b++) {
        if (masks.isAllowed(t, b)) {
          transitionOfRow[k] = t;
          actionOfRow[k++] = b;
        }
      }
    }
    DiscreteStates parents = environment.backwardStep(states.select(transitionOfRow), new Actions(actionOfRow));
    outputs = new EstimatorOutputs(context.model().forwardPolicy(), parents, true);
    values = new double[transitions * width];
    Arrays.fill(values, Double.NaN);
    for (int r = 0; r < transitionOfRow.length; r++) {
      values[transitionOfRow[r] * width + actionOfRow[r]] = outputs.output(r, actionOfRow[r]);
    }
  }

  @Override
  public double[] values() {
    return values;
  }

  @Override
  public void backward(double[] gradient) {
    for (int r = 0; r < transitionOfRow.length; r++) {
      outputs.addOutputGradient(r, actionOfRow[r], gradient[transitionOfRow[r] * width + actionOfRow[r]]);
    }
    outputs.backward();
  }
}
