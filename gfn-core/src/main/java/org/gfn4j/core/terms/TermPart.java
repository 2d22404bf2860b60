package org.gfn4j.core.terms;

/**
 * One term on one batch: its values, computed when the part is made, and the chain rule from the objective's
 * gradient for it back into the estimators that produced them.
 */
public interface TermPart {
  /** The values, laid out as the term says (read-only). */
  double[] values();

  /** Back-propagates dLoss/dTerm (laid out like {@link #values()}); parts without gradient ignore it. */
  void backward(double[] gradient);

  /** Waits for work this part runs elsewhere (PB's passes on the side thread); no-op by default. */
  default void await() {}

  /** Releases work running elsewhere after a failure; no-op by default. */
  default void cancel(Throwable reason) {}
}
