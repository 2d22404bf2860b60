package org.gfn4j.envs.tree;

import java.util.Locale;
import java.util.SplittableRandom;
import org.gfn4j.api.math.LogSumExp;

/**
 * The log-reward of each leaf of a {@link PerfectTree}, tabulated (at most 2^15 leaves), and their log partition
 * function.
 *
 * <ul>
 *   <li>{@code table}: {@code log R(leaf k) = v_k / temperature}, with {@code v_k = 2 u_k - 1} and {@code u_k} the
 *       {@code k}-th {@link SplittableRandom#nextDouble()} of {@code new SplittableRandom(seed)}: v uniform in
 *       [-1, 1), leaves left to right, so the table depends on the seed only.
 *   <li>{@code index}: {@code R(node n) = n + 1}, the reward torchgfn's tests give the tree.
 *   <li>{@code uniform}: {@code R = 1}.
 * </ul>
 */
final class LeafRewards {
  /** The reward kinds, as typed in {@link PerfectTreeProvider#REWARD}. */
  enum Kind {
    TABLE, INDEX, UNIFORM;

    static Kind of(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }
  }

  private final Kind kind;
  private final int firstLeaf;
  private final double[] logRewards;

  private LeafRewards(Kind kind, int firstLeaf, double[] logRewards) {
    this.kind = kind;
    this.firstLeaf = firstLeaf;
    this.logRewards = logRewards;
  }

  /** The rewards of the {@code 2^depth} leaves of a tree of that depth. */
  static LeafRewards of(Kind kind, int depth, long seed, double temperature) {
    int leaves = 1 << depth;
    int firstLeaf = leaves - 1;
    double[] logRewards = new double[leaves];
    SplittableRandom random = new SplittableRandom(seed);
    for (int k = 0; k < leaves; k++) {
      logRewards[k] = switch (kind) {
        case TABLE -> (2 * random.nextDouble() - 1) / temperature;
        case INDEX -> Math.log(firstLeaf + k + 1.0);
        case UNIFORM -> 0;
      };
    }
    return new LeafRewards(kind, firstLeaf, logRewards);
  }

  Kind kind() {
    return kind;
  }

  /** log R of leaf {@code k} (0-based, left to right). */
  double logReward(int k) {
    return logRewards[k];
  }

  /** A copy of the table, leaf 0 first. */
  double[] toArray() {
    return logRewards.clone();
  }

  /**
   * {@code log sum_k R(leaf k)}: for {@code index}, {@code log(2^(d-1) (3 * 2^d - 1))} (the sum of {@code 2^d ..
   * 2^(d+1)-1}); for {@code uniform}, {@code d log 2}; for {@code table}, the log-sum-exp of the table.
   */
  double logPartition() {
    int leaves = logRewards.length;
    return switch (kind) {
      case INDEX -> Math.log(leaves / 2.0) + Math.log(3.0 * leaves - 1);
      case UNIFORM -> Math.log(leaves);
      case TABLE -> LogSumExp.of(logRewards);
    };
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(Locale.ROOT) + " over " + logRewards.length + " leaves from node " + firstLeaf;
  }
}
