package org.gfn4j.core.replay;

import java.util.random.RandomGenerator;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.core.batch.OffPolicyBatch;

/** Keeps trajectories (or their terminal objects) seen in training and replays them as off-policy batches. */
public interface ReplayBuffer {
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
