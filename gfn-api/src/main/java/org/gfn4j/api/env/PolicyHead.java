package org.gfn4j.api.env;

import java.util.random.RandomGenerator;
import org.gfn4j.api.policy.Exploration;

/**
 * Turns an estimator's raw output rows at given states into a distribution over actions: it samples with the
 * seeded generator it is given, gives the log-probability of given actions and that log-probability's gradient
 * with respect to the raw outputs (hand-written; the conformance kit checks it by finite differences and its
 * sampler by a goodness-of-fit test). Exploration is applied by the head when sampling. Heads are stateless and
 * safe to call from several threads; they work on plain arrays ({@code outputs}: {@code rows * outputDim()},
 * row-major). torchgfn's equivalent is {@code Estimator.to_probability_distribution}.
 *
 * @param <S> the kind of state batch
 * @param <A> the kind of action batch
 */
public interface PolicyHead<S extends States, A extends ActionBatch> {
  /** A short name for messages and exports ({@code "masked-categorical"}, {@code "beta-mixture"}). */
  String name();

  /** Number of raw outputs per state the head reads. */
  int outputDim();

  /**
   * Draws one action per row.
   *
   * @param outputs the estimator's outputs at {@code states}
   * @param exploration how to depart from the policy (applied here)
   * @param random the only source of randomness
   * @return the actions and the log-probability of each under the distribution sampled from (with
   *     {@link Exploration#NONE}, the policy's own)
   * @throws IllegalArgumentException if the outputs give no valid distribution (NaN, a negative density), naming
   *     the row and the state
   */
  SampledActions<A> sample(S states, double[] outputs, Exploration exploration, RandomGenerator random);

  /**
   * The policy's log-probability (log-density for continuous actions) of {@code actions} at {@code states}, with
   * what its gradient needs.
   *
   * @throws IllegalArgumentException if an action is outside the head's support at its state, naming the row
   */
  LogProbabilities logProbabilities(S states, double[] outputs, A actions);
}
