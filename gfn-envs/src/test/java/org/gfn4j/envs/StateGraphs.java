package org.gfn4j.envs;

import java.util.LinkedHashMap;
import java.util.Map;
import org.gfn4j.api.env.Actions;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Enumerable;

/** Test helpers: trajectory counts over an enumerated state graph, and settings written as {@code a=1;b=2}. */
public final class StateGraphs {
  private StateGraphs() {}

  /**
   * The number of trajectories from the initial state to each state (row of {@code allStates()}), by a forward
   * pass in index order, which must be a topological order (every child after its parents).
   */
  public static long[] trajectoryCounts(DiscreteEnvironment env, Enumerable enumerable) {
    DiscreteStates all = enumerable.allStates();
    long[] paths = new long[all.size()];
    paths[enumerable.indexOf(env.initialStates(1), 0)] = 1;
    for (int row = 0; row < all.size(); row++) {
      for (int action = 0; action < env.exitAction(); action++) {
        if (all.forwardMasks().isAllowed(row, action)) {
          DiscreteStates child = env.step(all.select(new int[] {row}), Actions.of(action));
          int index = enumerable.indexOf(child, 0);
          if (index <= row) {
            throw new AssertionError("child " + child.format(0) + " of " + all.format(row) + " has index " + index
                + ", not after its parent's " + row);
          }
          paths[index] += paths[row];
        }
      }
    }
    return paths;
  }

  /** {@code "a=1;b=2"} as a map, in order. */
  public static Map<String, String> settings(String text) {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String pair : text.split(";")) {
      String[] parts = pair.split("=");
      settings.put(parts[0], parts[1]);
    }
    return settings;
  }
}
