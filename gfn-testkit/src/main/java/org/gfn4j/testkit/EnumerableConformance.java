package org.gfn4j.testkit;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.gfn4j.testkit.Checks.allowedRows;
import static org.gfn4j.testkit.Checks.label;
import static org.gfn4j.testkit.Checks.require;
import static org.gfn4j.testkit.Checks.stepAllowed;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Enumerable;
import org.assertj.core.data.Offset;
import org.gfn4j.api.math.LogSumExp;
import org.gfn4j.testkit.Rollouts.StateKey;

/**
 * The contract of an {@link Enumerable} environment: a consistent canonical index, a state list closed under
 * forward moves, and a closed-form log partition function that matches the enumerated rewards.
 *
 * <p>Enumerations larger than {@value #MAX_STATES} states are not checked, to keep the checks fast. An
 * environment that implements {@link Enumerable} but is too large to enumerate in its present configuration may
 * say so by throwing {@link IllegalStateException} from {@link Enumerable#stateCount()}; the checks are then
 * skipped.
 */
public final class EnumerableConformance {
  /** The largest state count {@link #check} enumerates. */
  public static final int MAX_STATES = 100_000;

  /** Relative tolerance (against {@code max(1, |log Z|)}) of the closed-form log partition function. */
  public static final double LOG_PARTITION_TOLERANCE = 1e-9;

  private EnumerableConformance() {}

  /**
   * Runs every check of this class if {@code env} enumerates at most {@value #MAX_STATES} states.
   *
   * @throws IllegalArgumentException if {@code env} is not {@link Enumerable}
   */
  public static void check(DiscreteEnvironment env) {
    OptionalInt count = enumerableCount(env);
    if (count.isEmpty() || count.getAsInt() > MAX_STATES) {
      return;
    }
    checkIndexing(env);
    checkClosedUnderForwardMoves(env);
    checkClosedFormLogPartition(env);
  }

  /**
   * {@code allStates()} has {@code stateCount()} distinct rows, {@code indexOf(allStates(), i) == i} for each,
   * and the initial state is among them.
   */
  public static void checkIndexing(DiscreteEnvironment env) {
    Enumerable enumerable = enumerable(env);
    int count = enumerable.stateCount();
    DiscreteStates all = enumerable.allStates();
    assertThat(count).as("%s: stateCount", label(env)).isPositive();
    assertThat(all.size()).as("%s: rows of allStates()", label(env)).isEqualTo(count);
    assertThat(all.environment()).as("%s: environment of allStates()", label(env)).isSameAs(env);
    Map<StateKey, Integer> seen = new HashMap<>();
    for (int i = 0; i < count; i++) {
      int row = i;
      int index = enumerable.indexOf(all, i);
      require(index == i, () -> label(env) + ": state " + all.format(row) + " is row " + row + " of allStates()"
          + " but indexOf gives " + index);
      Integer before = seen.put(new StateKey(all.row(i)), i);
      require(before == null, () -> label(env) + ": state " + all.format(row) + " appears twice in allStates(),"
          + " as rows " + before + " and " + row);
    }
    DiscreteStates initial = env.initialStates(1);
    int index = enumerable.indexOf(initial, 0);
    require(index >= 0 && index < count && all.sameState(index, initial, 0), () -> label(env)
        + ": the initial state " + initial.format(0) + " has index " + index + ", which is not its row in allStates()");
  }

  /**
   * Every child of every enumerated state (by each allowed non-exit forward action) has an index in
   * {@code [0, stateCount())} whose row in {@code allStates()} is that child.
   */
  public static void checkClosedUnderForwardMoves(DiscreteEnvironment env) {
    Enumerable enumerable = enumerable(env);
    int count = enumerable.stateCount();
    DiscreteStates all = enumerable.allStates();
    for (int action = 0; action < env.exitAction(); action++) {
      DiscreteStates parents = all.select(allowedRows(all.forwardMasks(), action));
      DiscreteStates children = stepAllowed(env, parents, action, true);
      for (int j = 0; j < children.size(); j++) {
        int a = action;
        int row = j;
        int index = indexOf(env, enumerable, children, j);
        require(index >= 0 && index < count && all.sameState(index, children, j), () -> label(env)
            + ": forward action " + a + " takes state " + parents.format(row) + " to " + children.format(row)
            + ", whose index " + index + " is not its row in allStates() (" + count + " states)");
      }
    }
  }

  /**
   * If {@code closedFormLogPartition()} is present, it equals {@code log sum exp(logReward)} over the enumerated
   * states that allow exit, within {@value #LOG_PARTITION_TOLERANCE} relative.
   */
  public static void checkClosedFormLogPartition(DiscreteEnvironment env) {
    OptionalDouble closedForm = enumerable(env).closedFormLogPartition();
    if (closedForm.isEmpty()) {
      return;
    }
    DiscreteStates all = enumerable(env).allStates();
    DiscreteStates terminal = all.select(allowedRows(all.forwardMasks(), env.exitAction()));
    double expected = LogSumExp.of(env.logReward(terminal));
    double actual = closedForm.getAsDouble();
    String context = label(env) + ": closedFormLogPartition() is " + actual + " but the " + terminal.size()
        + " terminal states' rewards give log Z = " + expected;
    if (expected == Double.NEGATIVE_INFINITY) {
      assertThat(actual).as(context).isEqualTo(Double.NEGATIVE_INFINITY);
    } else {
      assertThat(actual).as(context)
          .isCloseTo(expected, Offset.offset(
              LOG_PARTITION_TOLERANCE * Math.max(1, Math.abs(expected))));
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  private static OptionalInt enumerableCount(DiscreteEnvironment env) {
    Enumerable enumerable = enumerable(env);
    try {
      return OptionalInt.of(enumerable.stateCount());
    } catch (IllegalStateException tooLarge) {
      return OptionalInt.empty();
    }
  }

  private static Enumerable enumerable(DiscreteEnvironment env) {
    requireNonNull(env, "env is null");
    if (!(env instanceof Enumerable enumerable)) {
      throw new IllegalArgumentException(label(env) + " (" + env.getClass().getName() + ") is not Enumerable");
    }
    return enumerable;
  }

  private static int indexOf(DiscreteEnvironment env, Enumerable enumerable, DiscreteStates states, int row) {
    try {
      return enumerable.indexOf(states, row);
    } catch (RuntimeException e) {
      return fail(label(env) + ": indexOf failed on state " + states.format(row) + ": " + e, e);
    }
  }
}
