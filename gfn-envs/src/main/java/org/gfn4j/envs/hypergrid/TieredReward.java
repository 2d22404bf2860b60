package org.gfn4j.envs.hypergrid;

/**
 * A tiered compositional HyperGrid reward (torchgfn's rewards with {@code tier_indicators}):
 * {@code R = R0 + sum_t w_t * [tiers 0..t all pass]}, each tier a test of the state of its own. The corrupted
 * reward perturbs the tests tier by tier. Implementations are immutable.
 */
sealed interface TieredReward extends GridReward
    permits BitwiseXorReward, MultiplicativeCoprimeReward, ConditionalMultiscaleReward {

  /** The base reward {@code R0}. */
  double r0();

  /** The number of tiers. */
  int tierCount();

  /** The weight {@code w_t} of tier {@code t}. */
  double tierWeight(int t);

  /**
   * Writes each tier's own test of {@code state} (torchgfn's {@code tier_indicators}: tier {@code t} alone, not
   * cumulative) into {@code pass[0 .. tierCount())}.
   *
   * @param state the coordinates of one state, each in {@code [0, H)}
   */
  void tierIndicators(int[] state, boolean[] pass);

  /** {@code R0 + sum_t w_t * [tiers 0..t pass]} from the tiers' own tests. */
  default double cumulativeReward(boolean[] pass) {
    double reward = r0();
    for (int t = 0; t < tierCount() && pass[t]; t++) {
      reward += tierWeight(t);
    }
    return reward;
  }

  /** {@code R0 + sum_t w_t}, the reward of a state that passes every tier. */
  default double allTiersReward() {
    double reward = r0();
    for (int t = 0; t < tierCount(); t++) {
      reward += tierWeight(t);
    }
    return reward;
  }
}
