package org.gfn4j.api.env;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;

/**
 * One discrete action index per row of a batch of states.
 *
 * @param indices action indices; the array is owned by this value and must not be modified
 */
public record Actions(int[] indices) {
  public Actions {
    requireNonNull(indices, "indices is null");
  }

  /** Actions from explicit indices. */
  public static Actions of(int... indices) {
    return new Actions(indices.clone());
  }

  /** Number of actions. */
  public int size() {
    return indices.length;
  }

  /** The action of row {@code row}. */
  public int get(int row) {
    return indices[row];
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Actions actions && Arrays.equals(indices, actions.indices);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(indices);
  }

  @Override
  public String toString() {
    return "Actions" + Arrays.toString(indices);
  }
}
