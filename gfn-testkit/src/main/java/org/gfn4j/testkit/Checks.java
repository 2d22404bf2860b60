package org.gfn4j.testkit;

import static org.assertj.core.api.Assertions.fail;

import java.util.Arrays;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.gfn4j.api.env.Actions;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Masks;

/** Small helpers shared by the conformance checks: labels for messages, row selection, stepping that fails. */
final class Checks {
  private Checks() {}

  /** Names an environment and its parameters, for failure messages. */
  static String label(DiscreteEnvironment env) {
    return "environment '" + env.name() + "' " + (env.parameters() == null ? "{}" : env.parameters().asStrings());
  }

  /** Fails with the supplied message unless {@code ok}; the message is only built on failure. */
  static void require(boolean ok, Supplier<String> message) {
    if (!ok) {
      fail(message.get());
    }
  }

  /** The rows of {@code masks} that allow {@code action}. */
  static int[] allowedRows(Masks masks, int action) {
    return IntStream.range(0, masks.rows()).filter(row -> masks.isAllowed(row, action)).toArray();
  }

  /** The rows of {@code masks} that do not allow {@code action}. */
  static int[] maskedRows(Masks masks, int action) {
    return IntStream.range(0, masks.rows()).filter(row -> !masks.isAllowed(row, action)).toArray();
  }

  /** The actions one row of {@code masks} allows, as text: {@code "[0, 2]"}. */
  static String allowed(Masks masks, int row) {
    return Arrays.toString(IntStream.range(0, masks.width()).filter(a -> masks.isAllowed(row, a)).toArray());
  }

  /** The same action for every row. */
  static Actions constant(int rows, int action) {
    int[] indices = new int[rows];
    Arrays.fill(indices, action);
    return new Actions(indices);
  }

  /** A copy of the given rows whose masks are not cached, so the environment computes them afresh. */
  static DiscreteStates freshCopy(DiscreteEnvironment env, DiscreteStates states, int... rows) {
    int dim = env.stateDim();
    int[] values = new int[rows.length * dim];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(states.row(rows[i]), 0, values, i * dim, dim);
    }
    return env.states(rows.length, values).withConditions(states.conditions().select(rows));
  }

  /**
   * Steps every row with {@code action} (forward or backward), which the masks allow, failing on any error; an
   * empty batch is returned as it is.
   */
  static DiscreteStates stepAllowed(DiscreteEnvironment env, DiscreteStates states, int action, boolean forward) {
    if (states.size() == 0) {
      return states;
    }
    String what = (forward ? "forward" : "backward") + " action " + action;
    DiscreteStates result;
    try {
      Actions actions = constant(states.size(), action);
      result = forward ? env.step(states, actions) : env.backwardStep(states, actions);
    } catch (RuntimeException e) {
      return fail(label(env) + ": " + what + ", allowed by the masks, failed on " + states + ": " + e, e);
    }
    require(result != null && result.size() == states.size() && result.environment() == env,
        () -> label(env) + ": " + what + " on " + states.size() + " states returned " + result);
    return result;
  }
}
