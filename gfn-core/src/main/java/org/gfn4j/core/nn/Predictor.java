package org.gfn4j.core.nn;

import org.gfn4j.api.policy.Estimator;

/**
 * Inference on plain arrays, as {@link Estimator#predict(float[], int)}: what samplers and evaluators ask of an
 * estimator.
 */
@FunctionalInterface
public interface Predictor extends AutoCloseable {
  /** The outputs of {@code rows} encoded states ({@code rows * outputDim}, row-major). */
  double[] predict(float[] features, int rows);

  /**
   * Ends the run of calls: an {@link Mlp#snapshot()} hands its copy of the parameters on to the next snapshot, so
   * that a rollout allocates none (fresh memory of that size costs more than the copy). Not to be used afterwards;
   * does nothing by default.
   */
  @Override
  default void close() {}

  /**
   * {@code estimator}'s inference for a run of calls during which its parameters do not change (the steps of one
   * rollout): an {@link Mlp}'s {@link Mlp#snapshot()}, which reads the parameters once for all of them; the
   * estimator itself otherwise. The results are those of {@code estimator.predict} to the bit.
   */
  static Predictor whileUnchanged(Estimator estimator) {
    return estimator instanceof Mlp mlp ? mlp.snapshot() : estimator::predict;
  }
}
