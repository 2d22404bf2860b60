package org.gfn4j.core.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.core.batch.OffPolicyBatch;

/**
 * A buffer of whole trajectories: when full it either drops the oldest entry or, with
 * {@code keepHighestReward}, the lowest-reward one (a new trajectory enters only if its reward is higher);
 * it draws uniformly or, with {@code proportionalToReward}, with probability proportional to the reward.
 */
public final class TrajectoryReplayBuffer implements ReplayBuffer {
  private final int capacity;
  private final boolean keepHighestReward;
  private final boolean proportionalToReward;
  private final List<Trajectories> entries = new ArrayList<>();
  private int next;

  /**
   * @param capacity maximum number of trajectories
   * @param keepHighestReward when full, keep the highest-reward trajectories instead of the newest
   * @param proportionalToReward draw in proportion to reward instead of uniformly
   */
  public TrajectoryReplayBuffer(int capacity, boolean keepHighestReward, boolean proportionalToReward) {
    if (capacity < 1) {
      throw new IllegalArgumentException("replay buffer capacity must be positive, got " + capacity);
    }
    this.capacity = capacity;
    this.keepHighestReward = keepHighestReward;
    this.proportionalToReward = proportionalToReward;
  }

  @Override
  public void add(Trajectories batch) {
    for (int i = 0; i < batch.count(); i++) {
      Trajectories one = batch.select(new int[] {i});
      if (entries.size() < capacity) {
        entries.add(one);
      } else if (keepHighestReward) {
        int lowest = lowestReward();
        if (one.logReward(0) > entries.get(lowest).logReward(0)) {
          entries.set(lowest, one);
        }
      } else {
        entries.set(next, one);
        next = (next + 1) % capacity;
      }
    }
  }

  private int lowestReward() {
    int lowest = 0;
    for (int i = 1; i < entries.size(); i++) {
      if (entries.get(i).logReward(0) < entries.get(lowest).logReward(0)) {
        lowest = i;
      }
    }
    return lowest;
  }

  @Override
  public int size() {
    return entries.size();
  }

  @Override
  public OffPolicyBatch sample(int n, RandomGenerator random) {
    if (entries.isEmpty()) {
      throw new IllegalStateException("cannot sample from an empty replay buffer");
    }
    double[] logRewards = new double[entries.size()];
    for (int i = 0; i < logRewards.length; i++) {
      logRewards[i] = entries.get(i).logReward(0);
    }
    int[] drawn = Draws.draw(logRewards, n, proportionalToReward, random);
    List<Trajectories> parts = new ArrayList<>(n);
    for (int index : drawn) {
      parts.add(entries.get(index));
    }
    return new OffPolicyBatch(Trajectories.concat(parts));
  }
}
