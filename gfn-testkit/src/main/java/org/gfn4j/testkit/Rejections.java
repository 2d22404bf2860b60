package org.gfn4j.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gfn4j.testkit.Checks.allowedRows;
import static org.gfn4j.testkit.Checks.freshCopy;
import static org.gfn4j.testkit.Checks.label;
import static org.gfn4j.testkit.Checks.maskedRows;

import java.util.Arrays;
import org.gfn4j.api.env.Actions;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Masks;

/**
 * Checks that invalid actions are rejected with a message naming the row, the state, the action and the
 * environment. Each invalid action is tried in a batch of two whose first row is valid (when the sample has a
 * suitable row), so the message must name row 1.
 */
final class Rejections {
  /** Masked rows tried per action, to bound the work. */
  private static final int ROWS_PER_ACTION = 8;

  private final DiscreteEnvironment env;
  private final DiscreteStates states;
  private final Masks forward;
  private final Masks backward;
  /** A row with an allowed non-exit forward action and that action, or -1. */
  private final int[] forwardCompanion;
  /** A row with an allowed backward action and that action, or -1. */
  private final int[] backwardCompanion;

  Rejections(DiscreteEnvironment env, DiscreteStates states) {
    this.env = env;
    this.states = states;
    this.forward = states.forwardMasks();
    this.backward = states.backwardMasks();
    this.forwardCompanion = companion(forward, env.exitAction());
    this.backwardCompanion = companion(backward, backward.width());
  }

  void checkAll() {
    for (int action = 0; action < env.exitAction(); action++) {
      for (int row : first(maskedRows(forward, action))) {
        expectRejected(row, action, true, "masked forward action");
      }
    }
    for (int row : first(allowedRows(forward, env.exitAction()))) {
      expectRejected(row, env.exitAction(), true, "exit action");
    }
    for (int action = 0; action < backward.width(); action++) {
      for (int row : first(maskedRows(backward, action))) {
        expectRejected(row, action, false, "masked backward action");
      }
    }
    if (states.size() > 0) {
      expectRejected(0, -1, true, "out-of-range forward action");
      expectRejected(0, env.actionCount(), true, "out-of-range forward action");
      expectRejected(0, -1, false, "out-of-range backward action");
      expectRejected(0, env.actionCount() - 1, false, "out-of-range backward action");
    }
  }

  private void expectRejected(int row, int action, boolean isForward, String what) {
    int[] companion = isForward ? forwardCompanion : backwardCompanion;
    boolean paired = companion[0] >= 0;
    DiscreteStates batch = paired ? freshCopy(env, states, companion[0], row) : freshCopy(env, states, row);
    Actions actions = paired ? Actions.of(companion[1], action) : Actions.of(action);
    int at = paired ? 1 : 0;
    String call = isForward ? "step" : "backwardStep";
    assertThatThrownBy(() -> {
      if (isForward) {
        env.step(batch, actions);
      } else {
        env.backwardStep(batch, actions);
      }
    })
        .as("%s: %s of %s %d on state %s (row %d of %s)", label(env), call, what, action, batch.format(at), at,
            batch)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(batch.format(at))
        .hasMessageContaining("row " + at)
        .hasMessageContaining(Integer.toString(action))
        .hasMessageContaining(env.name());
  }

  /** At most {@link #ROWS_PER_ACTION} of the given rows. */
  private static int[] first(int[] rows) {
    return Arrays.copyOf(rows, Math.min(rows.length, ROWS_PER_ACTION));
  }

  /** The first row allowing some action below {@code limit}, and that action; {@code {-1, -1}} if none. */
  private static int[] companion(Masks masks, int limit) {
    for (int row = 0; row < masks.rows(); row++) {
      for (int action = 0; action < limit; action++) {
        if (masks.isAllowed(row, action)) {
          return new int[] {row, action};
        }
      }
    }
    return new int[] {-1, -1};
  }
}
