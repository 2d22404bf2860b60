package org.gfn4j.core.replay;

import java.util.random.RandomGenerator;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.core.batch.OffPolicyBatch;
import org.gfn4j.core.state.Stateful;

/**
 * Keeps trajectories (or their terminal objects) seen in training and replays them as off-policy batches. Its
 * state is its entries, in their slots, and its replacement position: a buffer of the same kind and settings that
 * reads it gives, add for add and draw for draw, the same results as the buffer that wrote it.
 */
public interface ReplayBuffer extends Stateful {
  /** Offers a batch of fresh trajectories to the buffer. */
  void add(Trajectories batch);

  /** Number of stored entries. */
  int size();

  /**
   * Draws {@code n} entries (with replacement) as trajectories.
   *
   * @throws IllegalStateException if the buffer is empty
   */
  OffPolicyBatch sample(int n, RandomGenerator random);
}
