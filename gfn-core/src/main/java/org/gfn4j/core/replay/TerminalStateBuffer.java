package org.gfn4j.core.replay;

import static java.util.Objects.requireNonNull;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.core.batch.OffPolicyBatch;
import org.gfn4j.core.sampling.BackwardSampler;

/**
 * A buffer of terminal objects (the most recent {@code capacity}); replaying draws objects uniformly and samples
 * a trajectory to each backwards with the backward policy, so the trajectories follow the current PB. Its state
 * is the stored objects and log-rewards, slot by slot, and the replacement position.
 */
public final class TerminalStateBuffer implements ReplayBuffer {
  private final int capacity;
  private final BackwardSampler backwardSampler;
  private final DiscreteEnvironment environment;
  private final List<int[]> states = new ArrayList<>();
  private final List<Double> logRewards = new ArrayList<>();
  private int next;

  /**
   * @param capacity maximum number of terminal objects
   * @param environment their environment
   * @param backwardSampler turns objects back into trajectories
   */
  public TerminalStateBuffer(int capacity, DiscreteEnvironment environment, BackwardSampler backwardSampler) {
    if (capacity < 1) {
      throw new IllegalArgumentException("replay buffer capacity must be positive, got " + capacity);
    }
    this.capacity = capacity;
    this.environment = requireNonNull(environment, "environment is null");
    this.backwardSampler = requireNonNull(backwardSampler, "backwardSampler is null");
  }

  @Override
  public void add(Trajectories batch) {
    DiscreteStates terminals = (DiscreteStates) batch.terminalStates();
    for (int i = 0; i < batch.count(); i++) {
      if (states.size() < capacity) {
        states.add(terminals.row(i));
        logRewards.add(batch.logReward(i));
      } else {
        states.set(next, terminals.row(i));
        logRewards.set(next, batch.logReward(i));
        next = (next + 1) % capacity;
      }
    }
  }

  @Override
  public int size() {
    return states.size();
  }

  @Override
  public OffPolicyBatch sample(int n, RandomGenerator random) {
    if (states.isEmpty()) {
      throw new IllegalStateException("cannot sample from an empty terminal-state buffer");
    }
    int dim = environment.stateDim();
    int[] values = new int[n * dim];
    double[] drawnLogRewards = new double[n];
    for (int k = 0; k < n; k++) {
      int index = random.nextInt(states.size());
      System.arraycopy(states.get(index), 0, values, k * dim, dim);
      drawnLogRewards[k] = logRewards.get(index);
    }
    return new OffPolicyBatch(backwardSampler.sample(environment.states(n, values), drawnLogRewards, random));
  }

  /** Writes the capacity and state dimension (checked on reading), the size, the position and every entry. */
  @Override
  public void writeState(DataOutput out) throws IOException {
    int dim = environment.stateDim();
    out.writeInt(capacity);
    out.writeInt(dim);
    out.writeInt(states.size());
    out.writeInt(next);
    int[] values = new int[states.size() * dim];
    double[] rewards = new double[states.size()];
    for (int i = 0; i < rewards.length; i++) {
      System.arraycopy(states.get(i), 0, values, i * dim, dim);
      rewards[i] = logRewards.get(i);
    }
    BinaryArrays.writeInts(out, values);
    BinaryArrays.writeDoubles(out, rewards);
  }

  /** Replaces the entries by the saved ones; on any failure the buffer is left as it was. */
  @Override
  public void readState(DataInput in) throws IOException {
    BinaryArrays.checkSetting("capacity", in.readInt(), capacity);
    int dim = environment.stateDim();
    BinaryArrays.checkSetting("state dimension", in.readInt(), dim);
    int size = in.readInt();
    int savedNext = in.readInt();
    if (size < 0 || size > capacity || savedNext < 0 || savedNext >= capacity) {
      throw new IllegalArgumentException("replay buffer: corrupt checkpoint, " + size + " entries and position "
          + savedNext + " for capacity " + capacity);
    }
    int[] values = BinaryArrays.readInts(in, BinaryArrays.length("state values", size, dim));
    double[] rewards = BinaryArrays.readDoubles(in, size);
    states.clear();
    logRewards.clear();
    for (int i = 0; i < size; i++) {
      states.add(Arrays.copyOfRange(values, i * dim, (i + 1) * dim));
      logRewards.add(rewards[i]);
    }
    next = savedNext;
  }
}
