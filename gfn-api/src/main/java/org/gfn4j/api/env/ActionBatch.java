package org.gfn4j.api.env;

import java.util.List;

/**
 * One action per row of a batch of states, each row with an explicit exit flag (an exit ends the trajectory and
 * makes the current state the terminal object). Kinds: {@link Actions} (indices into a discrete action space) and
 * {@link VectorActions} (real vectors).
 */
public sealed interface ActionBatch permits Actions, VectorActions {
  /** Number of actions. */
  int size();

  /** Whether row {@code row}'s action is the exit. */
  boolean isExit(int row);

  /** The actions of the given rows, in that order. */
  ActionBatch select(int[] rows);

  /** One action as text, {@code "3"}, {@code "exit"} or {@code "[0.1, 0.2]"}. */
  String format(int row);

  /** The number of exit rows. */
  default int exitCount() {
    int count = 0;
    for (int row = 0; row < size(); row++) {
      if (isExit(row)) {
        count++;
      }
    }
    return count;
  }

  /** The rows of every batch in order: all of one kind (and width), at least one batch. */
  static ActionBatch concat(List<? extends ActionBatch> batches) {
    if (batches.isEmpty()) {
      throw new IllegalArgumentException("no action batches to concatenate");
    }
    if (batches.get(0) instanceof Actions) {
      return Actions.concat(batches.stream().map(batch -> cast(batch, Actions.class)).toList());
    }
    return VectorActions.concat(batches.stream().map(batch -> cast(batch, VectorActions.class)).toList());
  }

  private static <T extends ActionBatch> T cast(ActionBatch batch, Class<T> kind) {
    if (!kind.isInstance(batch)) {
      throw new IllegalArgumentException("cannot concatenate " + kind.getSimpleName() + " and "
          + batch.getClass().getSimpleName());
    }
    return kind.cast(batch);
  }
}
