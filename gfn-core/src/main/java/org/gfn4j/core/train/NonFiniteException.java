package org.gfn4j.core.train;

import static java.util.Objects.requireNonNull;

/**
 * A loss or gradient that is NaN or infinite: training cannot go on. {@link GradientEvaluator} throws it naming
 * what was not finite ({@link #what}: {@code "loss"}, a term such as {@code LOG_PB}, or an estimator's
 * parameters); {@link Trainer} adds the iteration.
 */
public final class NonFiniteException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final String what;
  private final int iteration;

  /**
   * A non-finite value outside the training loop.
   *
   * @param what the loss, the term or the estimator whose value or gradient was not finite
   * @param message one line saying what was not finite and where
   */
  public NonFiniteException(String what, String message) {
    this(what, message, 0, null);
  }

  private NonFiniteException(String what, String message, int iteration, Throwable cause) {
    super(requireNonNull(message, "message is null"), cause);
    this.what = requireNonNull(what, "what is null");
    this.iteration = iteration;
  }

  /** What was not finite: {@code "loss"}, a term's name ({@code "LOG_PB"}) or {@code "parameters of 'pf'"}. */
  public String what() {
    return what;
  }

  /** The 1-based training iteration at which it happened, or 0 when not known. */
  public int iteration() {
    return iteration;
  }

  /** The same failure, its message naming the iteration and saying that training stopped before a checkpoint. */
  public NonFiniteException atIteration(int iteration, String checkpoint) {
    return new NonFiniteException(what, "training stopped at iteration " + iteration + ": " + getMessage() + "; "
        + checkpoint, iteration, this);
  }
}
