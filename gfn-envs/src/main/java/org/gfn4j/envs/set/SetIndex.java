package org.gfn4j.envs.set;

/**
 * The canonical order of the reachable states of a {@link SetAddition}, the subsets of {@code n} items with at
 * most {@code m} items: ascending as binary numbers whose most significant bit is item 0 (torchgfn's
 * {@code get_states_indices} order, restricted to the reachable sets), so that with {@code m = n} a set's index is
 * its binary number. Ranking uses {@code below[r][j]}, the number of subsets of {@code r} items with at most
 * {@code j} items.
 */
final class SetIndex {
  private final int nItems;
  private final int maxItems;
  private final long[][] below;

  SetIndex(int nItems, int maxItems) {
    this.nItems = nItems;
    this.maxItems = maxItems;
    this.below = new long[nItems + 1][maxItems + 1];
    for (int r = 0; r <= nItems; r++) {
      for (int j = 0; j <= maxItems; j++) {
        below[r][j] = r == 0 || j == 0 ? 1 : saturatedSum(below[r - 1][j], below[r - 1][j - 1]);
      }
    }
  }

  /** Number of reachable states, {@code sum_{k <= m} C(n, k)}, or {@code Long.MAX_VALUE} when that overflows. */
  long count() {
    return below[nItems][maxItems];
  }

  /** The index of the set {@code values[offset .. offset + n)}, which has at most {@code m} items. */
  int rank(int[] values, int offset) {
    long rank = 0;
    int taken = 0;
    for (int i = 0; i < nItems; i++) {
      if (values[offset + i] == 1) {
        rank += below[nItems - 1 - i][maxItems - taken]; // the sets with the same prefix and item i absent
        taken++;
      }
    }
    return (int) rank;
  }

  /** Every reachable state in index order, {@code count() * n} values, row-major; needs {@code count()} to fit. */
  int[] all() {
    int[] values = new int[(int) count() * nItems];
    fill(values, new int[nItems], 0, 0, new int[] {0});
    return values;
  }

  /** Writes every completion of {@code prefix[0 .. i)} (with {@code taken} items) in order; 0 before 1. */
  private void fill(int[] out, int[] prefix, int i, int taken, int[] next) {
    if (i == nItems) {
      System.arraycopy(prefix, 0, out, next[0]++ * nItems, nItems);
      return;
    }
    prefix[i] = 0;
    fill(out, prefix, i + 1, taken, next);
    if (taken < maxItems) {
      prefix[i] = 1;
      fill(out, prefix, i + 1, taken + 1, next);
      prefix[i] = 0;
    }
  }

  private static long saturatedSum(long a, long b) {
    long sum = a + b;
    return sum < 0 ? Long.MAX_VALUE : sum;
  }
}
