package org.gfn4j.api.env;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.List;

/**
 * One discrete action index per row of a batch of states, with an exit flag per row. In a
 * {@link DiscreteEnvironment} the exit is also an index ({@link DiscreteEnvironment#exitAction()}), and a row is
 * flagged as exit exactly when its index is that one ({@link #withExit}); actions passed to {@code step} and
 * {@code backwardStep} carry no exit.
 *
 * @param indices action indices; the array is owned by this value and must not be modified
 * @param exits whether each row is the exit; owned by this value
 */
public record Actions(int[] indices, boolean[] exits) implements ActionBatch {
  public Actions {
    requireNonNull(indices, "indices is null");
    requireNonNull(exits, "exits is null");
    if (exits.length != indices.length) {
      throw new IllegalArgumentException(exits.length + " exit flags for " + indices.length + " actions");
    }
  }

  /** Actions of which none is an exit. */
  public Actions(int[] indices) {
    this(indices, new boolean[indices.length]);
  }

  /** Actions from explicit indices, none an exit. */
  public static Actions of(int... indices) {
    return new Actions(indices.clone());
  }

  /** Actions whose rows with index {@code exitAction} are exits. */
  public static Actions withExit(int[] indices, int exitAction) {
    boolean[] exits = new boolean[indices.length];
    for (int row = 0; row < indices.length; row++) {
      exits[row] = indices[row] == exitAction;
    }
    return new Actions(indices, exits);
  }

  @Override
  public int size() {
    return indices.length;
  }

  /** The action of row {@code row}. */
  public int get(int row) {
    return indices[row];
  }

  @Override
  public boolean isExit(int row) {
    return exits[row];
  }

  @Override
  public Actions select(int[] rows) {
    int[] selected = new int[rows.length];
    boolean[] selectedExits = new boolean[rows.length];
    for (int i = 0; i < rows.length; i++) {
      selected[i] = indices[rows[i]];
      selectedExits[i] = exits[rows[i]];
    }
    return new Actions(selected, selectedExits);
  }

  @Override
  public String format(int row) {
    return exits[row] ? "exit (" + indices[row] + ")" : Integer.toString(indices[row]);
  }

  /** The rows of every batch in order. */
  public static Actions concat(List<Actions> batches) {
    int rows = batches.stream().mapToInt(Actions::size).sum();
    int[] indices = new int[rows];
    boolean[] exits = new boolean[rows];
    int at = 0;
    for (Actions batch : batches) {
      System.arraycopy(batch.indices, 0, indices, at, batch.size());
      System.arraycopy(batch.exits, 0, exits, at, batch.size());
      at += batch.size();
    }
    return new Actions(indices, exits);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Actions actions && Arrays.equals(indices, actions.indices)
        && Arrays.equals(exits, actions.exits);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(indices) + Arrays.hashCode(exits);
  }

  @Override
  public String toString() {
    return "Actions" + Arrays.toString(indices);
  }
}
