package org.gfn4j.testkit;

import static java.util.Objects.requireNonNull;
import static org.assertj.core.api.Assertions.assertThat;
import static org.gfn4j.testkit.Checks.allowed;
import static org.gfn4j.testkit.Checks.allowedRows;
import static org.gfn4j.testkit.Checks.freshCopy;
import static org.gfn4j.testkit.Checks.label;
import static org.gfn4j.testkit.Checks.require;
import static org.gfn4j.testkit.Checks.stepAllowed;

import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Enumerable;
import org.gfn4j.api.env.Masks;

/**
 * The contract every {@link DiscreteEnvironment} must meet, as checks a plugin author calls from a JUnit test.
 *
 * <pre>{@code
 * @Test
 * void conformsToTheContract() {
 *   EnvironmentConformance.check(new MyProvider().create(parameters), 42L);
 * }
 * }</pre>
 *
 * <p>The checks run on a few hundred states visited by random rollouts drawn from a
 * {@link SplittableRandom} seeded with the given seed, so a failure replays exactly. Every failure is an
 * {@link AssertionError} whose message names the environment (with its parameters), the state and the action.
 */
public final class EnvironmentConformance {
  /** A rollout still running after this many steps fails the check: forward moves must not cycle. */
  public static final int MAX_ROLLOUT_STEPS = 100_000;

  /** Rollouts run by {@link #sampleStates}, half uniform and half avoiding the exit action. */
  public static final int ROLLOUTS = 32;

  /** Size of the reservoir sample of visited states kept by {@link #sampleStates}. */
  public static final int SAMPLED_STATES = 256;

  /** The encoding check encodes at most this many floats, so one-hot encodings of large spaces stay cheap. */
  private static final int MAX_ENCODED_FLOATS = 1 << 21;

  private EnvironmentConformance() {}

  /**
   * Runs every check: those of this class on states sampled with {@code seed}, then
   * {@link EnumerableConformance#check} if the environment is {@link Enumerable}.
   */
  public static void check(DiscreteEnvironment env, long seed) {
    requireNonNull(env, "env is null");
    checkInitialStates(env);
    DiscreteStates states = sampleStates(env, seed);
    if (env.conditionDim() > 0) { // rewards and encodings of a conditional environment read each state's condition
      states = states.withConditions(env.sampleConditions(states.size(), new SplittableRandom(seed)));
    }
    checkForwardMasksAgreeWithStep(env, states);
    checkBackwardStepInvertsStep(env, states);
    checkRejectsInvalidActions(env, states);
    checkRewards(env, states);
    checkEncoding(env, states);
    checkMasksOnSubsets(env, states, seed);
    checkSampledTerminalStates(env, seed);
    if (env instanceof Enumerable) {
      EnumerableConformance.check(env);
    }
  }

  /**
   * Samples distinct states (a few hundred at most) by {@value #ROLLOUTS} random rollouts from the initial state,
   * asserting that each rollout exits within {@value #MAX_ROLLOUT_STEPS} steps and never reaches a state that
   * allows no forward action. The sample includes the initial state and every state a rollout exited from.
   */
  public static DiscreteStates sampleStates(DiscreteEnvironment env, long seed) {
    return Rollouts.sample(env, seed, ROLLOUTS, SAMPLED_STATES, MAX_ROLLOUT_STEPS);
  }

  /**
   * {@code initialStates(n)} gives {@code n} equal rows, each an initial state (no allowed backward action) that
   * allows at least one forward action, with masks of the declared widths.
   */
  public static void checkInitialStates(DiscreteEnvironment env) {
    assertThat(env.actionCount()).as("%s: actionCount (exit included)", label(env)).isGreaterThanOrEqualTo(2);
    assertThat(env.exitAction()).as("%s: exitAction", label(env)).isEqualTo(env.actionCount() - 1);
    int n = 3;
    DiscreteStates initial = env.initialStates(n);
    checkMadeBatch(env, initial, n, "initialStates");
    for (int row = 0; row < n; row++) {
      int r = row;
      require(initial.sameState(0, initial, row), () -> label(env) + ": initialStates(" + n + ") row " + r + " is "
          + initial.format(r) + " but row 0 is " + initial.format(0));
      require(initial.isInitial(row), () -> label(env) + ": initial state " + initial.format(r)
          + " allows backward actions " + allowed(initial.backwardMasks(), r) + "; an initial state allows none");
      require(initial.forwardMasks().countAllowed(row) > 0,
          () -> label(env) + ": initial state " + initial.format(r) + " allows no forward action, not even exit");
    }
  }

  /**
   * Every allowed non-exit forward action steps without error, and the child's backward mask allows the backward
   * action with the same index.
   */
  public static void checkForwardMasksAgreeWithStep(DiscreteEnvironment env, DiscreteStates states) {
    checkMaskShapes(env, states);
    Masks forward = states.forwardMasks();
    for (int action = 0; action < env.exitAction(); action++) {
      DiscreteStates parents = states.select(allowedRows(forward, action));
      DiscreteStates children = stepAllowed(env, parents, action, true);
      Masks childBackward = children.backwardMasks();
      for (int j = 0; j < parents.size(); j++) {
        int a = action;
        int row = j;
        require(childBackward.isAllowed(j, action), () -> label(env) + ": forward action " + a + " takes state "
            + parents.format(row) + " to " + children.format(row) + ", whose backward mask does not allow backward"
            + " action " + a + " (allowed: " + allowed(childBackward, row) + ")");
      }
    }
  }

  /**
   * {@code backwardStep(step(s, a), a)} is {@code s} for every allowed non-exit forward action, and
   * {@code step(backwardStep(s, b), b)} is {@code s} for every allowed backward action (whose parent's forward
   * mask must allow {@code b}).
   */
  public static void checkBackwardStepInvertsStep(DiscreteEnvironment env, DiscreteStates states) {
    checkMaskShapes(env, states);
    Masks forward = states.forwardMasks();
    for (int action = 0; action < env.exitAction(); action++) {
      DiscreteStates parents = states.select(allowedRows(forward, action));
      DiscreteStates children = stepAllowed(env, parents, action, true);
      DiscreteStates back = stepAllowed(env, children, action, false);
      for (int j = 0; j < parents.size(); j++) {
        int a = action;
        int row = j;
        require(back.sameState(j, parents, j), () -> label(env) + ": forward action " + a + " takes state "
            + parents.format(row) + " to " + children.format(row) + ", but backward action " + a + " takes that to "
            + back.format(row));
      }
    }
    Masks backward = states.backwardMasks();
    for (int action = 0; action < env.actionCount() - 1; action++) {
      DiscreteStates children = states.select(allowedRows(backward, action));
      DiscreteStates parents = stepAllowed(env, children, action, false);
      for (int j = 0; j < children.size(); j++) {
        int a = action;
        int row = j;
        require(parents.forwardMasks().isAllowed(j, action), () -> label(env) + ": backward action " + a
            + " takes state " + children.format(row) + " to " + parents.format(row) + ", whose forward mask does not"
            + " allow action " + a + " (allowed: " + allowed(parents.forwardMasks(), row) + ")");
      }
      DiscreteStates again = stepAllowed(env, parents, action, true);
      for (int j = 0; j < children.size(); j++) {
        int a = action;
        int row = j;
        require(again.sameState(j, children, j), () -> label(env) + ": backward action " + a + " takes state "
            + children.format(row) + " to " + parents.format(row) + ", but forward action " + a + " takes that to "
            + again.format(row));
      }
    }
  }

  /**
   * {@code step} rejects masked, exit and out-of-range actions and {@code backwardStep} masked and out-of-range
   * ones, each with an {@link IllegalArgumentException} whose message names the row, the state, the action and
   * the environment.
   */
  public static void checkRejectsInvalidActions(DiscreteEnvironment env, DiscreteStates states) {
    new Rejections(env, states).checkAll();
  }

  /**
   * The log-reward of every sampled state that allows exit is never NaN nor {@code +inf} ({@code -inf}, a reward
   * of 0, is allowed), and it does not depend on the other rows of the batch nor on the call.
   */
  public static void checkRewards(DiscreteEnvironment env, DiscreteStates states) {
    DiscreteStates terminal = states.select(allowedRows(states.forwardMasks(), env.exitAction()));
    double[] logReward = env.logReward(terminal);
    assertThat(logReward).as("%s: log-rewards of %d terminal states", label(env), terminal.size())
        .hasSize(terminal.size());
    for (int row = 0; row < logReward.length; row++) {
      int r = row;
      require(!Double.isNaN(logReward[row]) && logReward[row] != Double.POSITIVE_INFINITY, () -> label(env)
          + ": log-reward of terminal state " + terminal.format(r) + " is " + logReward[r]
          + "; expected a finite number or -Infinity (reward 0)");
    }
    int[] reversed = reversedRows(terminal.size());
    double[] again = env.logReward(freshCopy(env, terminal, reversed));
    for (int i = 0; i < reversed.length; i++) {
      int row = reversed[i];
      int at = i;
      require(Double.compare(again[i], logReward[row]) == 0, () -> label(env) + ": log-reward of terminal state "
          + terminal.format(row) + " is " + logReward[row] + " in one batch but " + again[at] + " in another");
    }
  }

  /**
   * {@code encode} writes finite values into every one of the {@code rows * encodingDim()} floats (whatever the
   * array held before), deterministically, and row by row independently of the rest of the batch.
   */
  public static void checkEncoding(DiscreteEnvironment env, DiscreteStates states) {
    int dim = env.encodingDim();
    assertThat(dim).as("%s: encodingDim", label(env)).isPositive();
    assertThat(env.encoding()).as("%s: encoding name", label(env)).isNotBlank();
    int rows = Math.min(states.size(), Math.max(1, MAX_ENCODED_FLOATS / dim));
    DiscreteStates batch = states.select(IntStream.range(0, rows).toArray());
    float[] first = encode(env, batch, Float.NaN);
    for (int i = 0; i < first.length; i++) {
      int at = i;
      require(Float.isFinite(first[i]), () -> label(env) + ": feature " + at % dim + " of state "
          + batch.format(at / dim) + " is " + first[at] + " after encode (" + env.encoding() + ", " + dim
          + " features): every feature must be written and finite");
    }
    float[] second = encode(env, batch, 7.25f);
    int[] reversed = reversedRows(rows);
    float[] third = encode(env, freshCopy(env, batch, reversed), -3f);
    for (int row = 0; row < rows; row++) {
      int r = row;
      int differs = Arrays.mismatch(first, row * dim, (row + 1) * dim, second, row * dim, (row + 1) * dim);
      require(differs < 0, () -> label(env) + ": encode is not deterministic (or does not overwrite its output):"
          + " feature " + differs + " of state " + batch.format(r) + " was " + first[r * dim + differs] + ", then "
          + second[r * dim + differs]);
      int i = rows - 1 - row;
      int inOther = Arrays.mismatch(first, row * dim, (row + 1) * dim, third, i * dim, (i + 1) * dim);
      require(inOther < 0, () -> label(env) + ": feature " + inOther + " of state " + batch.format(r) + " is "
          + first[r * dim + inOther] + " in one batch but " + third[i * dim + inOther] + " in another");
    }
  }

  /**
   * Masks computed on a random selection of rows (with repeats, masks not cached) equal the masks of the same
   * rows computed on the whole batch.
   */
  public static void checkMasksOnSubsets(DiscreteEnvironment env, DiscreteStates states, long seed) {
    SplittableRandom random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    int[] rows = random.ints(Math.min(states.size(), 64), 0, states.size()).toArray();
    DiscreteStates subset = freshCopy(env, states, IntStream.range(0, states.size()).toArray())
        .select(rows);
    for (int i = 0; i < rows.length; i++) {
      int row = rows[i];
      int at = i;
      require(sameRow(subset.forwardMasks(), i, states.forwardMasks(), row), () -> label(env)
          + ": forward mask of state " + states.format(row) + " is " + allowed(subset.forwardMasks(), at)
          + " in a subset but " + allowed(states.forwardMasks(), row) + " in the full batch");
      require(sameRow(subset.backwardMasks(), i, states.backwardMasks(), row), () -> label(env)
          + ": backward mask of state " + states.format(row) + " is " + allowed(subset.backwardMasks(), at)
          + " in a subset but " + allowed(states.backwardMasks(), row) + " in the full batch");
    }
  }

  /**
   * Where the environment draws terminal states ({@link DiscreteEnvironment#sampleTerminalStates}): {@code n} of
   * its own states, each allowing the exit action, with valid rewards (unconditional environments), the same ones
   * again from a generator in the same state, and none for {@code n = 0}. Nothing to check where it draws none.
   */
  public static void checkSampledTerminalStates(DiscreteEnvironment env, long seed) {
    int n = 64;
    Optional<DiscreteStates> drawn = env.sampleTerminalStates(n, new SplittableRandom(seed));
    assertThat(drawn).as("%s: sampleTerminalStates", label(env)).isNotNull();
    if (drawn.isEmpty()) {
      return;
    }
    DiscreteStates states = drawn.get();
    checkMadeBatch(env, states, n, "sampleTerminalStates");
    for (int row = 0; row < n; row++) {
      int r = row;
      require(states.forwardMasks().isAllowed(row, env.exitAction()), () -> label(env) + ": sampleTerminalStates"
          + " drew state " + states.format(r) + " (row " + r + "), which does not allow the exit action "
          + env.exitAction() + " (allowed: " + allowed(states.forwardMasks(), r) + ")");
    }
    if (env.conditionDim() == 0) {
      checkRewards(env, states);
    }
    Optional<DiscreteStates> again = env.sampleTerminalStates(n, new SplittableRandom(seed));
    require(again.isPresent() && Arrays.equals(again.get().toArray(), states.toArray()), () -> label(env)
        + ": sampleTerminalStates drew other states from a generator in the same state");
    assertThat(env.sampleTerminalStates(0, new SplittableRandom(seed)).map(DiscreteStates::size))
        .as("%s: sampleTerminalStates(0)", label(env)).contains(0);
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  /** A batch of {@code n} states that {@code env}'s method {@code made} returned: its rows, owner, width, masks. */
  private static void checkMadeBatch(DiscreteEnvironment env, DiscreteStates states, int n, String made) {
    assertThat(states.size()).as("%s: rows of %s(%d)", label(env), made, n).isEqualTo(n);
    assertThat(states.environment()).as("%s: environment of %s", label(env), made).isSameAs(env);
    assertThat(states.dim()).as("%s: dim of %s", label(env), made).isEqualTo(env.stateDim());
    checkMaskShapes(env, states);
  }

  private static void checkMaskShapes(DiscreteEnvironment env, DiscreteStates states) {
    assertThat(states.forwardMasks().rows()).as("%s: forward mask rows", label(env)).isEqualTo(states.size());
    assertThat(states.forwardMasks().width()).as("%s: forward mask width", label(env))
        .isEqualTo(env.actionCount());
    assertThat(states.backwardMasks().rows()).as("%s: backward mask rows", label(env)).isEqualTo(states.size());
    assertThat(states.backwardMasks().width()).as("%s: backward mask width", label(env))
        .isEqualTo(env.actionCount() - 1);
  }

  private static float[] encode(DiscreteEnvironment env, DiscreteStates states, float fill) {
    float[] out = new float[states.size() * env.encodingDim()];
    Arrays.fill(out, fill);
    env.encode(states, out);
    return out;
  }

  private static int[] reversedRows(int n) {
    return IntStream.range(0, n).map(i -> n - 1 - i).toArray();
  }

  private static boolean sameRow(Masks a, int rowA, Masks b, int rowB) {
    for (int action = 0; action < a.width(); action++) {
      if (a.isAllowed(rowA, action) != b.isAllowed(rowB, action)) {
        return false;
      }
    }
    return a.width() == b.width();
  }
}
