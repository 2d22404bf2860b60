package org.gfn4j.core.batch;

import static java.util.Objects.requireNonNull;

import org.gfn4j.api.data.Trajectories;

/**
 * Fresh on-policy trajectories followed by off-policy ones (typically drawn from a replay buffer).
 *
 * @param fresh trajectories sampled from the current policy
 * @param replayed trajectories from elsewhere
 */
public record MixedBatch(OnPolicyBatch fresh, OffPolicyBatch replayed) implements TrainingBatch {
  public MixedBatch {
    requireNonNull(fresh, "fresh is null");
    requireNonNull(replayed, "replayed is null");
  }

  @Override
  public Trajectories trajectories() {
    return Trajectories.concat(fresh.trajectories(), replayed.trajectories());
  }

  @Override
  public double[] recordedLogPf() {
    double[] first = fresh.recordedLogPf();
    double[] second = replayed.recordedLogPf();
    double[] all = java.util.Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }
}
