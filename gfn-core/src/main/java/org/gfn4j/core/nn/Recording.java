package org.gfn4j.core.nn;

import org.gfn4j.api.policy.ForwardPass;

/**
 * The inference calls of one estimator, kept with what a backward pass needs, so that one trainable pass over all
 * their rows follows without running the estimator again: how the trainer reuses the sampler's forward passes.
 * Used by one thread at a time; valid while the estimator's parameters are those it started with.
 */
public interface Recording {
  /** Inference as {@link org.gfn4j.api.policy.Estimator#predict(float[], int)}; the rows are appended. */
  double[] predict(float[] features, int rows);

  /** Rows recorded so far. */
  int rows();

  /**
   * The outputs of every recorded row, row-major, in recording order: the first {@code rows() * outputDim} values
   * (read-only; the array may be longer, and is reused once {@link #pass()} was made).
   */
  double[] outputs();

  /**
   * One trainable pass over every recorded row, in recording order; its output equals {@link #outputs()}.
   *
   * @throws IllegalStateException if the parameters changed since the recording started
   */
  ForwardPass pass();

  /**
   * Fails if the parameters changed since the recording started.
   *
   * @throws IllegalStateException naming the estimator
   */
  void checkCurrent();
}
