package org.gfn4j.core.nn;

import java.util.List;
import java.util.random.RandomGenerator;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.policy.EstimatorShape;
import org.nd4j.linalg.api.buffer.DataType;
import org.gfn4j.api.policy.PolicyProvider;

/** Provides {@link TabularEstimator}s as policy "tabular": one learned row per state of an enumerable environment. */
public final class TabularProvider implements PolicyProvider {
  @Override
  public String name() {
    return "tabular";
  }

  @Override
  public String description() {
    return "a table of outputs per state, initialised to zero (enumerable environments)";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return List.of();
  }

  @Override
  public Estimator create(Parameters parameters, EstimatorShape shape, RandomGenerator random) {
    if (shape.stateCount() == 0) {
      throw new IllegalArgumentException("policy 'tabular' needs an enumerable environment (a known state count) for"
          + " its " + shape.role());
    }
    if (shape.dataType() != DataType.FLOAT) {
      throw new IllegalArgumentException("policy 'tabular' computes in float32, not " + shape.dataType()
          + "; use --dtype float32 with it, or policy 'mlp'");
    }
    return new TabularEstimator(shape.inputDim(), shape.outputDim(), shape.stateCount());
  }
}
