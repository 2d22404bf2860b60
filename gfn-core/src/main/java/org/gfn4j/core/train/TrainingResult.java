package org.gfn4j.core.train;

import java.util.Optional;
import org.gfn4j.core.eval.Evaluation;

/**
 * The outcome of a training run.
 *
 * @param iterations iterations done, those before a resume included
 * @param finalLoss loss of the last iteration (NaN if none ran)
 * @param logZ final log Z
 * @param trainingNanos time in the training loop, evaluation excluded, those before a resume included
 * @param evaluation the final evaluation, when the run had an evaluator and was not interrupted
 * @param interrupted whether {@link Trainer#interrupt} stopped the run before its last iteration
 */
public record TrainingResult(int iterations, double finalLoss, double logZ, long trainingNanos,
    Optional<Evaluation> evaluation, boolean interrupted) {
  /** Mean training-loop milliseconds per iteration. */
  public double msPerIteration() {
    return iterations == 0 ? Double.NaN : trainingNanos / 1e6 / iterations;
  }
}
