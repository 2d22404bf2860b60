package org.gfn4j.core.train;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import org.gfn4j.core.eval.Evaluation;
import org.gfn4j.core.state.Stateful;

/**
 * Observes a training run: progress display, metrics files, early stopping. A listener that accumulates (a metrics
 * file, a history) saves that in checkpoints by overriding the {@link Stateful} methods, which by default save
 * nothing.
 */
public interface TrainingListener extends Stateful {
  /** After each iteration. */
  default void onIteration(IterationReport report) {}

  /** After each evaluation. */
  default void onEvaluation(int iteration, Evaluation evaluation, IterationReport last) {}

  /** Whether the run should stop now (checked after each iteration). */
  default boolean stopRequested() {
    return false;
  }

  @Override
  default void writeState(DataOutput out) throws IOException {}

  @Override
  default void readState(DataInput in) throws IOException {}
}
