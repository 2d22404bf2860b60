package org.gfn4j.envs.dag;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Bit operations on directed graphs over {@code n <= 31} nodes, each given as its rows: {@code children[i]} has bit
 * {@code j} set iff the graph has the edge {@code i -> j}. Small enough graphs ({@code n <= 8}) are also written as
 * one {@code long} whose bit {@code i * n + j} is that edge, the order of the state vector.
 */
final class Dags {
  private Dags() {}

  /**
   * The transitive closure: {@code reach[i]} has bit {@code j} set iff a path of at least one edge leads from
   * {@code i} to {@code j} (Warshall's algorithm on bit rows, {@code O(n^2)} word operations).
   */
  static int[] closure(int[] children) {
    int n = children.length;
    int[] reach = children.clone();
    for (int k = 0; k < n; k++) {
      int bit = 1 << k;
      int viaK = reach[k];
      for (int i = 0; i < n; i++) {
        if ((reach[i] & bit) != 0) {
          reach[i] |= viaK;
        }
      }
    }
    return reach;
  }

  /** A node that lies on a cycle of the graph whose closure is {@code reach}, or -1 if the graph is acyclic. */
  static int nodeOnCycle(int[] reach) {
    for (int i = 0; i < reach.length; i++) {
      if ((reach[i] & (1 << i)) != 0) {
        return i;
      }
    }
    return -1;
  }

  /** The parents of each node: {@code parents[j]} has bit {@code i} set iff the edge {@code i -> j} exists. */
  static int[] parents(int[] children) {
    int n = children.length;
    int[] parents = new int[n];
    for (int i = 0; i < n; i++) {
      for (int rest = children[i]; rest != 0; rest &= rest - 1) {
        parents[Integer.numberOfTrailingZeros(rest)] |= 1 << i;
      }
    }
    return parents;
  }

  /** The graph as one long, bit {@code i * n + j} for the edge {@code i -> j}; needs {@code n * n <= 63}. */
  static long toMask(int[] children) {
    int n = children.length;
    long mask = 0;
    for (int i = 0; i < n; i++) {
      mask |= (long) children[i] << (i * n);
    }
    return mask;
  }

  /** The rows of the graph {@code mask} over {@code n} nodes (the inverse of {@link #toMask}). */
  static int[] fromMask(long mask, int n) {
    int[] children = new int[n];
    int row = (1 << n) - 1;
    for (int i = 0; i < n; i++) {
      children[i] = (int) (mask >>> (i * n)) & row;
    }
    return children;
  }

  /** Whether adding {@code i -> j} keeps the DAG with rows {@code children} and closure {@code reach} acyclic. */
  static boolean canAdd(int[] children, int[] reach, int i, int j) {
    return i != j && (children[i] & (1 << j)) == 0 && (reach[j] & (1 << i)) == 0;
  }

  /**
   * Every DAG over {@code n} nodes, ascending as longs ({@link #toMask}): a breadth-first search from the empty
   * graph over the edge additions that keep it acyclic, so every DAG is reached. Adding an edge sets a bit, so a
   * graph's children come after it in this order. Sizes: 1, 3, 25, 543, 29,281 for {@code n = 1 .. 5} (OEIS A003024).
   */
  static long[] allDags(int n) {
    if (n < 1 || n * n > 63) {
      throw new IllegalArgumentException("DAGs over " + n + " nodes cannot be listed as longs (1 to 7 nodes)");
    }
    Set<Long> seen = new HashSet<>();
    ArrayDeque<Long> queue = new ArrayDeque<>();
    seen.add(0L);
    queue.add(0L);
    while (!queue.isEmpty()) {
      long mask = queue.poll();
      int[] children = fromMask(mask, n);
      int[] reach = closure(children);
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (canAdd(children, reach, i, j)) {
            long child = mask | 1L << (i * n + j);
            if (seen.add(child)) {
              queue.add(child);
            }
          }
        }
      }
    }
    long[] all = seen.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(all);
    return all;
  }

  /**
   * The structural Hamming distance as torchgfn's {@code expected_shd} counts it: the number of unordered node
   * pairs {@code {i, j}} whose edges differ between the two graphs (a missing, extra or reversed edge counts once).
   */
  static int shd(int[] a, int[] b) {
    int n = a.length;
    int distance = 0;
    for (int i = 0; i < n; i++) {
      for (int j = i + 1; j < n; j++) {
        boolean differs = bit(a[i], j) != bit(b[i], j) || bit(a[j], i) != bit(b[j], i);
        distance += differs ? 1 : 0;
      }
    }
    return distance;
  }

  private static boolean bit(int row, int j) {
    return (row & (1 << j)) != 0;
  }
}
