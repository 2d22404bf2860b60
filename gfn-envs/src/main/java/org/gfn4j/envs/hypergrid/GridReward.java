package org.gfn4j.envs.hypergrid;

import java.util.OptionalDouble;
import org.gfn4j.api.env.DiscreteStates;

/**
 * One HyperGrid reward family (torchgfn's {@code GridReward} subclasses, chosen by the {@code reward} parameter): the
 * log-reward of a state, the highest log-reward, the log-reward from which a state is a mode, and the log partition
 * function where a closed form exists. Implementations are immutable.
 */
sealed interface GridReward
    permits OriginalReward, CosineReward, SparseReward, DeceptiveReward, UniformRandomReward, TieredReward,
        CorruptedReward {

  /** log R of state {@code row}, whose coordinates the caller has checked to lie in {@code [0, height)}. */
  double logReward(DiscreteStates states, int row);

  /** The highest log-reward any state of the grid receives. */
  double maxLogReward();

  /** torchgfn's mode threshold for this family ({@code _mode_reward_threshold}), in log space. */
  default double modeLogRewardThreshold() {
    return maxLogReward();
  }

  /** {@code log sum_s R(s)} over every state of the grid, where a closed form exists; empty otherwise. */
  OptionalDouble closedFormLogPartition();

  /** The family's settings as {@code key=value} text, for {@code toString}. */
  String describe();
}
