package org.gfn4j.core.train;

import org.gfn4j.core.eval.Evaluation;

/** Observes a training run: progress display, metrics files, checkpoints, early stopping. */
public interface TrainingListener {
  /** After each iteration. */
  default void onIteration(IterationReport report) {}

  /** After each evaluation. */
  default void onEvaluation(int iteration, Evaluation evaluation, IterationReport last) {}

  /** Whether the run should stop now (checked after each iteration). */
  default boolean stopRequested() {
    return false;
  }
}
