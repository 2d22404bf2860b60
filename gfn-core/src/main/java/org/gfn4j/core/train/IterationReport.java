package org.gfn4j.core.train;

import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.policy.Exploration;

/**
 * What one training iteration did.
 *
 * @param iteration 1-based iteration number
 * @param loss the objective's loss on the batch
 * @param logZ log Z after the update
 * @param batch the trajectories trained on
 * @param iterationNanos time of this iteration (sample, evaluate, update; no evaluation or listeners)
 * @param trainingNanos total of {@code iterationNanos} so far
 * @param phases how {@code iterationNanos} divides into sampling, forward, objective, backward and optimiser
 * @param exploration what the fresh trajectories were sampled with (its scheduled epsilon and temperature)
 */
public record IterationReport(int iteration, double loss, double logZ, Trajectories batch, long iterationNanos,
    long trainingNanos, PhaseTimes phases, Exploration exploration) {
  /** A report of an iteration sampled on-policy. */
  public IterationReport(int iteration, double loss, double logZ, Trajectories batch, long iterationNanos,
      long trainingNanos, PhaseTimes phases) {
    this(iteration, loss, logZ, batch, iterationNanos, trainingNanos, phases, Exploration.NONE);
  }
}
