package org.gfn4j.core.train;

import org.gfn4j.api.data.Trajectories;

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
 */
public record IterationReport(int iteration, double loss, double logZ, Trajectories batch, long iterationNanos,
    long trainingNanos, PhaseTimes phases) {}
