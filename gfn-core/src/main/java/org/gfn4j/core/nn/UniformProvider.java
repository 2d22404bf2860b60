package org.gfn4j.core.nn;

import java.util.List;
import java.util.random.RandomGenerator;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.policy.EstimatorShape;
import org.gfn4j.api.policy.PolicyProvider;

/** Provides {@link UniformEstimator} as policy "uniform": equal probability for every allowed action. */
public final class UniformProvider implements PolicyProvider {
  @Override
  public String name() {
    return "uniform";
  }

  @Override
  public String description() {
    return "no parameters: uniform over the allowed actions";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return List.of();
  }

  @Override
  public Estimator create(Parameters parameters, EstimatorShape shape, RandomGenerator random) {
    return new UniformEstimator(shape.inputDim(), shape.outputDim());
  }
}
