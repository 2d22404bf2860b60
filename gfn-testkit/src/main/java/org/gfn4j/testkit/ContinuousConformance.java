package org.gfn4j.testkit;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.fail;
import static org.gfn4j.testkit.Checks.require;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.gfn4j.api.env.Conditions;
import org.gfn4j.api.env.ContinuousEnvironment;
import org.gfn4j.api.env.ContinuousStates;
import org.gfn4j.api.env.PolicyHead;
import org.gfn4j.api.env.SampledActions;
import org.gfn4j.api.env.VectorActions;
import org.gfn4j.api.policy.Exploration;

/**
 * The contract every {@link ContinuousEnvironment} must meet, as checks a plugin author calls from a JUnit test.
 *
 * <pre>{@code
 * @Test
 * void conformsToTheContract() {
 *   ContinuousConformance.check(new MyProvider().create(parameters), 42L);
 * }
 * }</pre>
 *
 * <p>The checks run on {@value #ROLLOUTS} forward rollouts sampled by the environment's own forward head from
 * raw outputs drawn i.i.d. N(0, 1), then on backward rollouts of the backward head from the terminal states, and
 * finally on both heads ({@link HeadConformance}) at a few of the visited states. Every random number is drawn
 * from a {@link SplittableRandom} seeded with the given seed, so a failure replays exactly. Every failure is an
 * {@link AssertionError} whose message names the environment (with its parameters), the state and the action.
 */
public final class ContinuousConformance {
  /** Forward rollouts run together as one batch. */
  public static final int ROLLOUTS = 64;

  /** A forward or backward rollout still running after this many steps fails the check. */
  public static final int MAX_ROLLOUT_STEPS = 10_000;

  /** Tolerance of the inverse check, relative to {@code max(1, |value|)}. */
  public static final double INVERSE_TOLERANCE = 1e-9;

  private ContinuousConformance() {}

  /**
   * Runs every check: forward rollouts with the inverse check at each step, backward rollouts, the rejection of
   * invalid actions, then {@link HeadConformance#check} of the forward head at the initial state, a middle state
   * and the last two states of the longest rollout, and of the backward head at non-initial states of it.
   */
  public static void check(ContinuousEnvironment env, long seed) {
    requireNonNull(env, "env is null");
    SplittableRandom random = new SplittableRandom(seed);
    require(env.stateDim() >= 1 && env.actionDim() >= 1 && env.encodingDim() >= 1, () -> label(env)
        + ": stateDim " + env.stateDim() + ", actionDim " + env.actionDim() + " and encodingDim "
        + env.encodingDim() + " must all be positive");
    require(env.encoding() != null && !env.encoding().isBlank(), () -> label(env) + ": the encoding has no name");
    Rollouts rollouts = rollForward(env, random);
    rollBackward(env, rollouts.terminal, random);
    checkRejectsInvalidActions(env, rollouts);
    List<ContinuousStates> longest = rollouts.longest;
    int last = longest.size() - 1;
    ContinuousStates forwardAt = rows(longest, distinct(0, last / 2, Math.max(0, last - 1), last));
    HeadConformance.check(env, env.forwardHead(), forwardAt, random.nextLong());
    int[] backwardRows = IntStream.of(distinct(last, last / 2, 1))
        .filter(i -> i <= last && !longest.get(i).isInitial(0)).toArray();
    if (backwardRows.length > 0) {
      HeadConformance.check(env, env.backwardHead(), rows(longest, backwardRows), random.nextLong());
    }
  }

  /** What the forward rollouts visited. */
  private static final class Rollouts {
    /** The terminal state of each rollout, in rollout order. */
    ContinuousStates terminal;
    /** The states of the longest rollout, initial to terminal, one row each. */
    List<ContinuousStates> longest;
    /** Moves taken (preferably from non-initial states): the states, the actions, the next states. */
    ContinuousStates from;
    VectorActions moves;
    ContinuousStates next;
    VectorActions backward;
  }

  /**
   * Runs the forward rollouts, checking every batch of states, the inverse of every step and the log-rewards of
   * the terminal states.
   */
  private static Rollouts rollForward(ContinuousEnvironment env, SplittableRandom random) {
    int n = ROLLOUTS;
    Conditions conditions = env.sampleConditions(n, random);
    require(conditions != null && conditions.rows() == n && conditions.width() == env.conditionDim(),
        () -> label(env) + ": sampleConditions(" + n + ") returned " + describe(conditions) + ", expected " + n
            + " rows of width conditionDim() = " + env.conditionDim());
    ContinuousStates start = call(env, () -> env.initialStates(n, conditions), "initialStates(" + n + ")");
    checkStates(env, start, n, "initialStates(" + n + ")");
    for (int row = 0; row < n; row++) {
      int r = row;
      require(start.isInitial(row), () -> label(env) + ": row " + r + " of initialStates(" + n + "), "
          + start.format(r) + ", is not flagged initial");
      require(start.conditions().sameRow(row, conditions, row), () -> label(env) + ": row " + r
          + " of initialStates(" + n + ") has the condition" + start.conditions().format(r) + " instead of"
          + conditions.format(r));
      require(approxSame(start, row, start.withConditions(conditions.select(new int[n])), 0), () -> label(env)
          + ": initialStates(" + n + ") row " + r + " is " + start.format(r) + " but row 0 is " + start.format(0));
    }
    ContinuousStates current = start;
    List<List<ContinuousStates>> paths = new ArrayList<>();
    for (int row = 0; row < n; row++) {
      paths.add(new ArrayList<>(List.of(current.select(new int[] {row}))));
    }
    ContinuousStates[] terminal = new ContinuousStates[n];
    int[] ids = IntStream.range(0, n).toArray();
    Rollouts rollouts = new Rollouts();
    PolicyHead<ContinuousStates, VectorActions> head = env.forwardHead();
    for (int steps = 0; ids.length > 0; steps++) {
      if (steps >= MAX_ROLLOUT_STEPS) {
        ContinuousStates running = current;
        fail(label(env) + ": " + ids.length + " forward rollouts did not exit within " + MAX_ROLLOUT_STEPS
            + " steps; still running at " + running);
      }
      ContinuousStates states = current;
      double[] outputs = gaussians(random, states.size() * head.outputDim());
      SampledActions<VectorActions> sampled = call(env,
          () -> head.sample(states, outputs, Exploration.NONE, random),
          "forward head '" + head.name() + "' sample at " + states);
      VectorActions actions = checkSampled(env, head, states, sampled);
      int[] exitRows = IntStream.range(0, states.size()).filter(actions::isExit).toArray();
      int[] moveRows = IntStream.range(0, states.size()).filter(row -> !actions.isExit(row)).toArray();
      for (int row : exitRows) {
        terminal[ids[row]] = states.select(new int[] {row});
      }
      if (moveRows.length == 0) {
        break;
      }
      ContinuousStates from = states.select(moveRows);
      VectorActions moves = actions.select(moveRows);
      ContinuousStates next = call(env, () -> env.step(from, moves),
          "step of actions " + formatAll(moves) + " sampled by the forward head at " + from);
      checkStates(env, next, from.size(), "step at " + from);
      for (int j = 0; j < from.size(); j++) {
        int row = j;
        require(!next.isInitial(j), () -> label(env) + ": step of action " + moves.format(row) + " takes state "
            + from.format(row) + " to " + next.format(row) + ", flagged initial; an initial state has no parent");
        require(next.conditions().sameRow(j, from.conditions(), j), () -> label(env) + ": step of action "
            + moves.format(row) + " takes state " + from.format(row) + " to " + next.format(row)
            + ", changing its condition");
      }
      VectorActions backward = checkInverse(env, from, moves, next);
      if (rollouts.from == null || rollouts.from.isInitial(0) && !from.isInitial(0)) {
        rollouts.from = from;
        rollouts.moves = moves;
        rollouts.next = next;
        rollouts.backward = backward;
      }
      int[] movedIds = new int[moveRows.length];
      for (int j = 0; j < moveRows.length; j++) {
        movedIds[j] = ids[moveRows[j]];
        paths.get(movedIds[j]).add(next.select(new int[] {j}));
      }
      ids = movedIds;
      current = next;
    }
    rollouts.terminal = ContinuousStates.concat(Arrays.asList(terminal));
    checkRewards(env, rollouts.terminal);
    int longest = 0;
    for (int row = 1; row < n; row++) {
      if (paths.get(row).size() > paths.get(longest).size()) {
        longest = row;
      }
    }
    rollouts.longest = paths.get(longest);
    return rollouts;
  }

  /**
   * Checks that {@code backwardStep(next, backwardActions(from, moves, next))} gives back {@code from}, and
   * returns those backward actions.
   */
  private static VectorActions checkInverse(ContinuousEnvironment env, ContinuousStates from, VectorActions moves,
      ContinuousStates next) {
    VectorActions backward = call(env, () -> env.backwardActions(from, moves, next),
        "backwardActions of the moves " + formatAll(moves) + " from " + from + " to " + next);
    require(backward != null && backward.size() == from.size() && backward.dim() == env.actionDim(),
        () -> label(env) + ": backwardActions of " + from.size() + " moves returned " + backward
            + "; expected " + from.size() + " actions of width " + env.actionDim());
    ContinuousStates parents = call(env, () -> env.backwardStep(next, backward),
        "backwardStep of " + formatAll(backward) + " (backwardActions of the moves " + formatAll(moves) + ") at "
            + next);
    checkStates(env, parents, from.size(), "backwardStep at " + next);
    for (int j = 0; j < from.size(); j++) {
      int row = j;
      require(approxSame(parents, j, from, j), () -> label(env) + ": forward action " + moves.format(row)
          + " takes state " + from.format(row) + " to " + next.format(row) + ", but its backward action "
          + backward.format(row) + " takes that to " + parents.format(row) + " (tolerance " + INVERSE_TOLERANCE
          + " relative to max(1, |value|))");
    }
    return backward;
  }

  /**
   * Runs backward rollouts of the backward head from the terminal states until every row is initial, and checks
   * that each reaches the initial state of its condition.
   */
  private static void rollBackward(ContinuousEnvironment env, ContinuousStates terminal, SplittableRandom random) {
    int n = terminal.size();
    ContinuousStates reached = call(env, () -> env.initialStates(n, terminal.conditions()),
        "initialStates(" + n + ", conditions)");
    double[] values = new double[n * env.stateDim()];
    boolean[] initial = new boolean[n];
    ContinuousStates current = terminal;
    int[] ids = IntStream.range(0, n).toArray();
    PolicyHead<ContinuousStates, VectorActions> head = env.backwardHead();
    for (int steps = 0; ; steps++) {
      ContinuousStates states = current;
      for (int row = 0; row < states.size(); row++) {
        if (states.isInitial(row)) {
          System.arraycopy(states.row(row), 0, values, ids[row] * env.stateDim(), env.stateDim());
          initial[ids[row]] = true;
        }
      }
      int[] active = IntStream.range(0, states.size()).filter(row -> !states.isInitial(row)).toArray();
      if (active.length == 0) {
        break;
      }
      if (steps >= MAX_ROLLOUT_STEPS) {
        fail(label(env) + ": " + active.length + " backward rollouts did not reach an initial state within "
            + MAX_ROLLOUT_STEPS + " steps; still running at " + states.select(active));
      }
      ContinuousStates children = states.select(active);
      double[] outputs = gaussians(random, children.size() * head.outputDim());
      SampledActions<VectorActions> sampled = call(env,
          () -> head.sample(children, outputs, Exploration.NONE, random),
          "backward head '" + head.name() + "' sample at " + children);
      VectorActions actions = checkSampled(env, head, children, sampled);
      ContinuousStates parents = call(env, () -> env.backwardStep(children, actions),
          "backwardStep of actions " + formatAll(actions) + " sampled by the backward head at " + children);
      checkStates(env, parents, children.size(), "backwardStep at " + children);
      for (int j = 0; j < children.size(); j++) {
        int row = j;
        require(parents.conditions().sameRow(j, children.conditions(), j), () -> label(env)
            + ": backwardStep of action " + actions.format(row) + " takes state " + children.format(row) + " to "
            + parents.format(row) + ", changing its condition");
      }
      int[] activeIds = new int[active.length];
      for (int j = 0; j < active.length; j++) {
        activeIds[j] = ids[active[j]];
      }
      ids = activeIds;
      current = parents;
    }
    ContinuousStates ends = new ContinuousStates(env, n, values, initial, terminal.conditions());
    for (int row = 0; row < n; row++) {
      int r = row;
      require(approxSame(ends, row, reached, row), () -> label(env) + ": the backward rollout from terminal state "
          + terminal.format(r) + " ended at " + ends.format(r) + ", not at the initial state "
          + reached.format(r));
    }
  }

  /**
   * {@code step} rejects actions containing NaN or an infinity and exit-flagged actions, and {@code backwardStep}
   * actions containing NaN, each with an {@link IllegalArgumentException} naming row 1 of a batch of 3 whose
   * other rows are valid (and the offending value).
   */
  private static void checkRejectsInvalidActions(ContinuousEnvironment env, Rollouts rollouts) {
    if (rollouts.from == null) {
      return;
    }
    int[] rows = {0, 1 % rollouts.from.size(), 2 % rollouts.from.size()};
    ContinuousStates from = rollouts.from.select(rows);
    VectorActions moves = rollouts.moves.select(rows);
    ContinuousStates next = rollouts.next.select(rows);
    VectorActions backward = rollouts.backward.select(rows);
    int lastCoordinate = env.actionDim() - 1;
    expectRejected(env, true, from, withValue(moves, lastCoordinate, Double.NaN, false), "NaN");
    expectRejected(env, true, from, withValue(moves, 0, Double.POSITIVE_INFINITY, false), "Infinity");
    expectRejected(env, true, from, withValue(moves, lastCoordinate, Double.NEGATIVE_INFINITY, false), "Infinity");
    expectRejected(env, true, from, withValue(moves, 0, 0, true), null);
    expectRejected(env, false, next, withValue(backward, lastCoordinate, Double.NaN, false), "NaN");
  }

  private static void expectRejected(ContinuousEnvironment env, boolean forward, ContinuousStates states,
      VectorActions actions, String valueText) {
    String call = forward ? "step" : "backwardStep";
    String what = valueText == null ? "the exit-flagged action" : "action " + actions.format(1);
    String description = label(env) + ": " + call + " of " + what + " at state " + states.format(1) + " (row 1 of "
        + states + ")";
    Throwable thrown = catchThrowable(() -> {
      if (forward) {
        env.step(states, actions);
      } else {
        env.backwardStep(states, actions);
      }
    });
    require(thrown != null, () -> description + " did not throw; expected an IllegalArgumentException naming row 1"
        + (valueText == null ? "" : " and the value " + valueText));
    assertThat(thrown).as(description).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("row 1")
        .hasMessageContaining(valueText == null ? "row 1" : valueText);
  }

  /** A copy of {@code actions} whose row 1 has {@code value} at coordinate {@code d}, or is the exit. */
  private static VectorActions withValue(VectorActions actions, int d, double value, boolean exit) {
    double[] values = actions.values().clone();
    boolean[] exits = actions.exits().clone();
    if (exit) {
      Arrays.fill(values, actions.dim(), 2 * actions.dim(), 0);
      exits[1] = true;
    } else {
      values[actions.dim() + d] = value;
    }
    return new VectorActions(actions.dim(), values, exits);
  }

  // ---- per-batch checks ------------------------------------------------------------------------------------

  /**
   * A batch returned by the environment has {@code rows} rows of the environment and dimension, finite values,
   * and an encoding that writes finite floats into every one of its {@code rows * encodingDim()} features.
   */
  private static void checkStates(ContinuousEnvironment env, ContinuousStates states, int rows, String what) {
    require(states != null && states.size() == rows && states.environment() == env
        && states.dim() == env.stateDim(), () -> label(env) + ": " + what + " returned " + states + "; expected "
            + rows + " states of this environment, of dimension " + env.stateDim());
    for (int row = 0; row < rows; row++) {
      for (int d = 0; d < env.stateDim(); d++) {
        int r = row;
        int c = d;
        require(Double.isFinite(states.get(row, d)), () -> label(env) + ": " + what + " gave state "
            + states.format(r) + " (row " + r + "), whose coordinate " + c + " is not finite");
      }
    }
    int dim = env.encodingDim();
    float[] out = new float[rows * dim];
    Arrays.fill(out, Float.NaN);
    call(env, () -> {
      env.encode(states, out);
      return out;
    }, "encode of " + states);
    for (int i = 0; i < out.length; i++) {
      int at = i;
      require(Float.isFinite(out[i]), () -> label(env) + ": feature " + at % dim + " of state "
          + states.format(at / dim) + " is " + out[at] + " after encode (" + env.encoding() + ", " + dim
          + " features): every feature must be written and finite");
    }
  }

  /** The sampled actions have one row per state, the action width, and no NaN log-probability. */
  private static VectorActions checkSampled(ContinuousEnvironment env,
      PolicyHead<ContinuousStates, VectorActions> head, ContinuousStates states, SampledActions<VectorActions> s) {
    VectorActions actions = s == null ? null : s.actions();
    require(actions != null && actions.size() == states.size() && actions.dim() == env.actionDim(),
        () -> label(env) + ": head '" + head.name() + "' sampled " + actions + " at " + states.size()
            + " states; expected one action of width actionDim() = " + env.actionDim() + " per state");
    for (int row = 0; row < states.size(); row++) {
      int r = row;
      require(!Double.isNaN(s.logProbabilities()[row]), () -> label(env) + ": head '" + head.name()
          + "' sampled action " + actions.format(r) + " at state " + states.format(r)
          + " with log-probability NaN");
    }
    return actions;
  }

  /** The log-reward of every terminal state is finite or {@code -inf}. */
  private static void checkRewards(ContinuousEnvironment env, ContinuousStates terminal) {
    double[] logReward = call(env, () -> env.logReward(terminal), "logReward of " + terminal);
    require(logReward != null && logReward.length == terminal.size(), () -> label(env) + ": logReward of "
        + terminal.size() + " terminal states returned " + (logReward == null ? null : logReward.length)
        + " values");
    for (int row = 0; row < logReward.length; row++) {
      int r = row;
      require(!Double.isNaN(logReward[row]) && logReward[row] != Double.POSITIVE_INFINITY, () -> label(env)
          + ": log-reward of terminal state " + terminal.format(r) + " is " + logReward[r]
          + "; expected a finite number or -Infinity (reward 0)");
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  /** Names an environment and its parameters, for failure messages. */
  static String label(ContinuousEnvironment env) {
    return "environment '" + env.name() + "' " + (env.parameters() == null ? "{}" : env.parameters().asStrings());
  }

  /** Runs a call the contract says must succeed, turning any exception into a failure naming {@code what}. */
  static <T> T call(ContinuousEnvironment env, Supplier<T> action, String what) {
    try {
      return action.get();
    } catch (RuntimeException e) {
      return fail(label(env) + ": " + what + " failed: " + e, e);
    }
  }

  /** {@code count} values drawn i.i.d. N(0, 1). */
  static double[] gaussians(SplittableRandom random, int count) {
    double[] values = new double[count];
    for (int i = 0; i < count; i++) {
      values[i] = random.nextGaussian();
    }
    return values;
  }

  /**
   * Whether row {@code a} of {@code actual} and row {@code b} of {@code expected} have the same initial flag and
   * condition and values within {@link #INVERSE_TOLERANCE} relative to {@code max(1, |expected|)}.
   */
  static boolean approxSame(ContinuousStates actual, int a, ContinuousStates expected, int b) {
    if (actual.dim() != expected.dim() || actual.isInitial(a) != expected.isInitial(b)
        || !actual.conditions().sameRow(a, expected.conditions(), b)) {
      return false;
    }
    for (int d = 0; d < actual.dim(); d++) {
      double want = expected.get(b, d);
      if (!(Math.abs(actual.get(a, d) - want) <= INVERSE_TOLERANCE * Math.max(1, Math.abs(want)))) {
        return false;
      }
    }
    return true;
  }

  private static String formatAll(VectorActions actions) {
    StringBuilder text = new StringBuilder("[");
    for (int row = 0; row < Math.min(actions.size(), 8); row++) {
      text.append(row == 0 ? "" : ", ").append(actions.format(row));
    }
    return text.append(actions.size() > 8 ? ", ...]" : "]").toString();
  }

  private static String describe(Conditions conditions) {
    return conditions == null ? "null" : conditions.rows() + " rows of width " + conditions.width();
  }

  /** The distinct values among {@code indices}, in order. */
  private static int[] distinct(int... indices) {
    return IntStream.of(indices).distinct().toArray();
  }

  /** The states at the given positions of a path, as one batch. */
  private static ContinuousStates rows(List<ContinuousStates> path, int[] positions) {
    List<ContinuousStates> selected = new ArrayList<>();
    for (int position : positions) {
      selected.add(path.get(position));
    }
    return ContinuousStates.concat(selected);
  }
}
