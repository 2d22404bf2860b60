package org.gfn4j.core.batch;

import static java.util.Objects.requireNonNull;

import org.gfn4j.api.data.Trajectories;

/**
 * Trajectories sampled from the current forward policy without exploration, with the log PF of each transition
 * as the sampler computed it. Valid until the parameters change: train on it before the next optimiser step.
 *
 * @param trajectories the trajectories
 * @param logPf log PF(action(t) | state t) of each transition, recorded while sampling
 */
public record OnPolicyBatch(Trajectories trajectories, double[] logPf) implements TrainingBatch {
  public OnPolicyBatch {
    requireNonNull(trajectories, "trajectories is null");
    requireNonNull(logPf, "logPf is null");
    if (logPf.length != trajectories.transitionCount()) {
      throw new IllegalArgumentException(logPf.length + " log-probabilities for " + trajectories.transitionCount()
          + " transitions");
    }
  }

  @Override
  public double[] recordedLogPf() {
    return logPf.clone();
  }
}
