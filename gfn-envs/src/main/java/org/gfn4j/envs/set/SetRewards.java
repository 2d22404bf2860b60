package org.gfn4j.envs.set;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.gfn4j.api.math.LogSumExp;

/**
 * The reward of a set of items of a {@link SetAddition}, and its log partition function over the terminal sets.
 *
 * <ul>
 *   <li>{@code values}: {@code log R(S) = sum_{i in S} v_i / temperature}, with {@code v_i = 2 u_i - 1} and
 *       {@code u_i} the {@code i}-th {@link SplittableRandom#nextDouble()} of {@code new SplittableRandom(seed)}:
 *       item values uniform in [-1, 1), item 0 first, so they depend on the seed only. The empty set has R = 1.
 *   <li>{@code size}: {@code R(S) = |S|}, the reward torchgfn's tests give the environment; the empty set has
 *       reward 0 (log-reward {@code -inf}), which an objective must clip when the empty set is terminal.
 *   <li>{@code uniform}: {@code R = 1}.
 * </ul>
 */
final class SetRewards {
  /** The reward kinds, as typed in {@link SetAdditionProvider#REWARD}. */
  enum Kind {
    VALUES, SIZE, UNIFORM;

    static Kind of(String name) {
      return valueOf(name.toUpperCase(Locale.ROOT));
    }
  }

  private final Kind kind;
  /** Per item, its contribution to log R under {@code values}: {@code v_i / temperature}; zeros otherwise. */
  private final double[] itemLogWeights;
  private final double[] itemValues;

  private SetRewards(Kind kind, double[] itemValues, double[] itemLogWeights) {
    this.kind = kind;
    this.itemValues = itemValues;
    this.itemLogWeights = itemLogWeights;
  }

  /** The rewards over {@code nItems} items. */
  static SetRewards of(Kind kind, int nItems, long seed, double temperature) {
    double[] values = new double[nItems];
    double[] logWeights = new double[nItems];
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < nItems; i++) {
      values[i] = 2 * random.nextDouble() - 1;
      logWeights[i] = kind == Kind.VALUES ? values[i] / temperature : 0;
    }
    return new SetRewards(kind, values, logWeights);
  }

  Kind kind() {
    return kind;
  }

  /** The item values {@code v_i} drawn from the seed (a copy; used by {@code values} only). */
  double[] itemValues() {
    return itemValues.clone();
  }

  /** log R of the set {@code values[offset .. offset + n)}, of size {@code size} (entries checked by the caller). */
  double logReward(int[] values, int offset, int size) {
    return switch (kind) {
      case SIZE -> Math.log(size);
      case UNIFORM -> 0;
      case VALUES -> {
        double sum = 0;
        for (int i = 0; i < itemLogWeights.length; i++) {
          sum += values[offset + i] == 1 ? itemLogWeights[i] : 0;
        }
        yield sum;
      }
    };
  }

  /**
   * {@code log sum_S R(S)} over the sets whose sizes lie in {@code [minSize, maxSize]}: with {@code e_k} the
   * elementary symmetric polynomial of degree {@code k} of the item weights {@code exp(v_i / temperature)} (of
   * ones, {@code C(n, k)}, for the other kinds), {@code log sum_k e_k} for {@code values} and {@code uniform} and
   * {@code log sum_k k C(n, k)} for {@code size}, computed in log space.
   */
  double logPartition(int minSize, int maxSize) {
    double[] logE = logElementarySymmetric(maxSize);
    double[] terms = new double[maxSize - minSize + 1];
    for (int k = minSize; k <= maxSize; k++) {
      terms[k - minSize] = kind == Kind.SIZE ? Math.log(k) + logE[k] : logE[k];
    }
    return LogSumExp.sequential(terms);
  }

  /** {@code log e_k}, {@code k = 0 .. maxSize}, by the recurrence {@code e_k += w_i e_(k-1)} over the items. */
  private double[] logElementarySymmetric(int maxSize) {
    double[] logE = new double[maxSize + 1];
    Arrays.fill(logE, Double.NEGATIVE_INFINITY);
    logE[0] = 0;
    for (double logWeight : itemLogWeights) {
      for (int k = maxSize; k >= 1; k--) {
        logE[k] = LogSumExp.of(logE[k], logWeight + logE[k - 1]);
      }
    }
    return logE;
  }

  @Override
  public String toString() {
    return kind.name().toLowerCase(Locale.ROOT) + " over " + itemValues.length + " items";
  }
}
