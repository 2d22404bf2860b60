package org.gfn4j.core.batch;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import org.gfn4j.api.data.Trajectories;

/** Fresh on-policy trajectories followed by off-policy ones (typically drawn from a replay buffer). */
public final class MixedBatch implements TrainingBatch {
  private final OnPolicyBatch fresh;
  private final OffPolicyBatch replayed;
  private final Trajectories trajectories;

  /**
   * @param fresh trajectories sampled from the current policy
   * @param replayed trajectories from elsewhere
   */
  public MixedBatch(OnPolicyBatch fresh, OffPolicyBatch replayed) {
    this.fresh = requireNonNull(fresh, "fresh is null");
    this.replayed = requireNonNull(replayed, "replayed is null");
    this.trajectories = Trajectories.concat(fresh.trajectories(), replayed.trajectories());
  }

  /** The on-policy part. */
  public OnPolicyBatch fresh() {
    return fresh;
  }

  /** The off-policy part. */
  public OffPolicyBatch replayed() {
    return replayed;
  }

  @Override
  public Trajectories trajectories() {
    return trajectories;
  }

  @Override
  public double[] recordedLogPf() {
    double[] first = fresh.recordedLogPf();
    double[] second = replayed.recordedLogPf();
    double[] all = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }
}
