package org.gfn4j.api.policy;

import java.util.random.RandomGenerator;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.api.plugin.Provider;

/**
 * Service-provider interface for estimator architectures ("mlp", "uniform", ...). Register an implementation in
 * {@code META-INF/services/org.gfn4j.api.policy.PolicyProvider}.
 */
public interface PolicyProvider extends Provider {
  /**
   * Builds an estimator.
   *
   * @param parameters validated parameters (see {@link #parameters()})
   * @param shape required input and output widths
   * @param random the only source of randomness for initialisation
   */
  Estimator create(Parameters parameters, EstimatorShape shape, RandomGenerator random);
}
