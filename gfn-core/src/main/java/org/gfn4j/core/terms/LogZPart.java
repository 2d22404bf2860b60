package org.gfn4j.core.terms;

import java.util.Arrays;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.core.model.GFlowNet;
import org.gfn4j.core.sampling.Features;

/**
 * {@code LOG_Z}: log Z per trajectory, the scalar log Z repeated (its gradient the sum over trajectories), or the
 * log Z estimator's output at each trajectory's condition.
 */
final class LogZPart implements TermPart {
  private final GFlowNet model;
  private final EstimatorOutputs byCondition;
  private final double[] values;

  LogZPart(TermContext context) {
    model = context.model();
    Trajectories batch = context.batch();
    if (model.logZEstimator().isPresent()) {
      var conditions = batch.conditions();
      byCondition = new EstimatorOutputs(model.logZEstimator().get(), Features.of(conditions), conditions.rows(),
          true);
      values = byCondition.outputs();
    } else {
      byCondition = null;
      values = new double[batch.count()];
      Arrays.fill(values, model.logZ());
    }
  }

  @Override
  public double[] values() {
    return values;
  }

  @Override
  public void backward(double[] gradient) {
    if (byCondition != null) {
      double[] outputGradient = byCondition.outputGradient();
      for (int i = 0; i < gradient.length; i++) {
        outputGradient[i] += gradient[i];
      }
      byCondition.backward();
      return;
    }
    double sum = 0;
    for (double g : gradient) {
      sum += g;
    }
    model.logZGradient().putScalar(0, sum);
  }
}
