package org.gfn4j.core.replay;

import static java.util.Objects.requireNonNull;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.StepEnvironment;
import org.gfn4j.core.batch.OffPolicyBatch;

/**
 * A buffer of whole trajectories: when full it either drops the oldest entry or, with
 * {@code keepHighestReward}, the lowest-reward one (a new trajectory enters only if its reward is higher);
 * it draws uniformly or, with {@code proportionalToReward}, with probability proportional to the reward. Its
 * state is its entries, slot by slot, and the replacement position; it is read back against the run's environment.
 */
public final class TrajectoryReplayBuffer implements ReplayBuffer {
  private final int capacity;
  private final boolean keepHighestReward;
  private final boolean proportionalToReward;
  private final TrajectoryCodec codec;
  private final List<Trajectories> entries = new ArrayList<>();
  private int next;

  /**
   * @param capacity maximum number of trajectories
   * @param environment the environment of the trajectories, which restored entries are rebuilt with
   * @param keepHighestReward when full, keep the highest-reward trajectories instead of the newest
   * @param proportionalToReward draw in proportion to reward instead of uniformly
   */
  public TrajectoryReplayBuffer(int capacity, StepEnvironment<?, ?> environment, boolean keepHighestReward,
      boolean proportionalToReward) {
    if (capacity < 1) {
      throw new IllegalArgumentException("replay buffer capacity must be positive, got " + capacity);
    }
    this.capacity = capacity;
    this.keepHighestReward = keepHighestReward;
    this.proportionalToReward = proportionalToReward;
    this.codec = new TrajectoryCodec(requireNonNull(environment, "environment is null"));
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

  /** Writes the settings (checked on reading), the replacement position and every entry in slot order. */
  @Override
  public void writeState(DataOutput out) throws IOException {
    out.writeInt(capacity);
    out.writeBoolean(keepHighestReward);
    out.writeBoolean(proportionalToReward);
    out.writeInt(next);
    out.writeInt(entries.size());
    if (!entries.isEmpty()) {
      codec.write(Trajectories.concat(entries), out);
    }
  }

  /** Replaces the entries by the saved ones; on any failure the buffer is left as it was. */
  @Override
  public void readState(DataInput in) throws IOException {
    BinaryArrays.checkSetting("capacity", in.readInt(), capacity);
    BinaryArrays.checkSetting("keepHighestReward", in.readBoolean(), keepHighestReward);
    BinaryArrays.checkSetting("proportionalToReward", in.readBoolean(), proportionalToReward);
    int savedNext = in.readInt();
    int size = in.readInt();
    if (size < 0 || size > capacity || savedNext < 0 || savedNext >= capacity) {
      throw new IllegalArgumentException("replay buffer: corrupt checkpoint, " + size + " entries and position "
          + savedNext + " for capacity " + capacity);
    }
    List<Trajectories> saved = new ArrayList<>(size);
    if (size > 0) {
      Trajectories all = codec.read(in);
      if (all.count() != size) {
        throw new IllegalArgumentException("replay buffer: corrupt checkpoint, " + all.count()
            + " trajectories for " + size + " entries");
      }
      for (int i = 0; i < size; i++) {
        saved.add(all.select(new int[] {i}));
      }
    }
    entries.clear();
    entries.addAll(saved);
    next = savedNext;
  }
}
