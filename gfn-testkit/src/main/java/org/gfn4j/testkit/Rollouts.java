package org.gfn4j.testkit;

import static org.gfn4j.testkit.Checks.label;
import static org.gfn4j.testkit.Checks.require;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.gfn4j.api.env.Actions;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Masks;

/**
 * Random rollouts from the initial state that collect a bounded sample of visited states. Half of the rollouts
 * pick uniformly among the allowed actions; the other half avoid the exit action while any other is allowed,
 * so they reach the far ends of the state graph.
 */
final class Rollouts {
  private final DiscreteEnvironment env;
  private final SplittableRandom random;
  private final int maxSteps;
  private final List<int[]> reservoir = new ArrayList<>();
  private final int reservoirSize;
  private final List<int[]> finals = new ArrayList<>();
  private long seen;

  private Rollouts(DiscreteEnvironment env, long seed, int reservoirSize, int maxSteps) {
    this.env = env;
    this.random = new SplittableRandom(seed);
    this.reservoirSize = reservoirSize;
    this.maxSteps = maxSteps;
  }

  /**
   * Runs {@code rollouts} rollouts as one batch and returns the distinct states of a reservoir sample of the
   * visited states, the states each rollout exited from and the initial state.
   */
  static DiscreteStates sample(DiscreteEnvironment env, long seed, int rollouts, int reservoirSize, int maxSteps) {
    Rollouts run = new Rollouts(env, seed, reservoirSize, maxSteps);
    run.roll(rollouts);
    Set<StateKey> distinct = new LinkedHashSet<>();
    distinct.add(new StateKey(env.initialStates(1).row(0)));
    run.finals.forEach(state -> distinct.add(new StateKey(state)));
    run.reservoir.forEach(state -> distinct.add(new StateKey(state)));
    int dim = env.stateDim();
    int[] values = new int[distinct.size() * dim];
    int row = 0;
    for (StateKey key : distinct) {
      System.arraycopy(key.values(), 0, values, row++ * dim, dim);
    }
    return env.states(distinct.size(), values);
  }

  private void roll(int rollouts) {
    DiscreteStates live = env.initialStates(rollouts);
    boolean[] avoidExit = new boolean[rollouts];
    for (int i = 0; i < rollouts; i++) {
      avoidExit[i] = i % 2 == 1;
    }
    int exit = env.exitAction();
    for (int step = 0; live.size() > 0; step++) {
      DiscreteStates current = live;
      int steps = step;
      require(step <= maxSteps, () -> label(env) + ": a random rollout did not exit within " + maxSteps
          + " steps (forward moves form a cycle or trajectories are unbounded); states reached: " + current);
      Masks masks = live.forwardMasks();
      int[] keep = new int[live.size()];
      int[] actions = new int[live.size()];
      boolean[] nextAvoidExit = new boolean[live.size()];
      int kept = 0;
      for (int row = 0; row < live.size(); row++) {
        int r = row;
        require(masks.countAllowed(row) > 0, () -> label(env) + ": state " + current.format(r) + ", reached after "
            + steps + " random steps, allows no forward action, not even exit (a dead end)");
        record(live, row);
        int action = chooseAction(masks, row, avoidExit[row]);
        if (action == exit) {
          finals.add(live.row(row));
        } else {
          keep[kept] = row;
          actions[kept] = action;
          nextAvoidExit[kept] = avoidExit[row];
          kept++;
        }
      }
      DiscreteStates parents = live.select(Arrays.copyOf(keep, kept));
      live = stepOrFail(parents, new Actions(Arrays.copyOf(actions, kept)));
      avoidExit = nextAvoidExit;
    }
  }

  private DiscreteStates stepOrFail(DiscreteStates parents, Actions actions) {
    try {
      return env.step(parents, actions);
    } catch (RuntimeException e) {
      throw new AssertionError(label(env) + ": stepping allowed actions " + actions + " on " + parents
          + " failed: " + e, e);
    }
  }

  /** An allowed action drawn uniformly, among the non-exit ones if {@code avoidExit} and any is allowed. */
  private int chooseAction(Masks masks, int row, boolean avoidExit) {
    int exit = env.exitAction();
    int nonExit = masks.countAllowed(row) - (masks.isAllowed(row, exit) ? 1 : 0);
    boolean exitCandidate = !(avoidExit && nonExit > 0) && masks.isAllowed(row, exit);
    int pick = random.nextInt(nonExit + (exitCandidate ? 1 : 0));
    for (int action = 0; action < exit; action++) {
      if (masks.isAllowed(row, action) && pick-- == 0) {
        return action;
      }
    }
    return exit;
  }

  /** Reservoir sampling (Vitter's algorithm R) over every visited state. */
  private void record(DiscreteStates states, int row) {
    seen++;
    if (reservoir.size() < reservoirSize) {
      reservoir.add(states.row(row));
    } else {
      long slot = random.nextLong(seen);
      if (slot < reservoirSize) {
        reservoir.set((int) slot, states.row(row));
      }
    }
  }

  /** An int vector with value equality, to de-duplicate states. */
  record StateKey(int[] values) {
    @Override
    public boolean equals(Object other) {
      return other instanceof StateKey key && Arrays.equals(values, key.values);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
      return Arrays.toString(values);
    }
  }
}
