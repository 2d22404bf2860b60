package org.gfn4j.core.sampling;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.Actions;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Masks;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.api.env.MaskedCategorical;
import org.gfn4j.core.nn.Predictor;

/**
 * Samples trajectories backwards from given terminal states with a backward policy, until each reaches an
 * initial state, and returns them as forward trajectories ending with the exit action: how a terminal-state
 * buffer turns stored objects back into trainable trajectories.
 */
public final class BackwardSampler {
  private final DiscreteEnvironment environment;
  private final Estimator backwardPolicy;

  /**
   * @param environment where trajectories run
   * @param backwardPolicy encoded states to {@code actionCount() - 1} logits (a uniform estimator is fine)
   */
  public BackwardSampler(DiscreteEnvironment environment, Estimator backwardPolicy) {
    this.environment = requireNonNull(environment, "environment is null");
    this.backwardPolicy = requireNonNull(backwardPolicy, "backwardPolicy is null");
    if (backwardPolicy.inputDim() != environment.encodingDim()
        || backwardPolicy.outputDim() != environment.actionCount() - 1) {
      throw new IllegalArgumentException("backward policy " + backwardPolicy.describe() + " does not fit environment '"
          + environment.name() + "' (" + environment.encodingDim() + " -> " + (environment.actionCount() - 1) + ")");
    }
  }

  /**
   * One trajectory per terminal state, from an initial state to it.
   *
   * @param terminals terminal states (each must allow the exit action)
   * @param logRewards their log-rewards, carried into the trajectories
   */
  public Trajectories sample(DiscreteStates terminals, double[] logRewards, RandomGenerator random) {
    int n = terminals.size();
    int exit = environment.exitAction();
    for (int row = 0; row < n; row++) {
      if (!terminals.forwardMasks().isAllowed(row, exit)) {
        throw new IllegalArgumentException("state " + terminals.format(row) + " of environment '" + environment.name()
            + "' cannot exit, so it is not a terminal object");
      }
    }
    // Walk backwards, recording for each trajectory the states visited (terminal first) and the actions undone.
    List<List<int[]>> visited = new ArrayList<>();
    List<List<Integer>> undone = new ArrayList<>();
    for (int row = 0; row < n; row++) {
      visited.add(new ArrayList<>(List.of(terminals.row(row))));
      undone.add(new ArrayList<>());
    }
    DiscreteStates current = terminals;
    int[] owner = new int[n];
    for (int i = 0; i < n; i++) {
      owner[i] = i;
    }
    int width = environment.actionCount() - 1;
    double[] scratch = new double[width];
    int steps = 0;
    try (Predictor inference = Predictor.whileUnchanged(backwardPolicy)) {
      while (true) {
        int[] active = activeRows(current);
        if (active.length == 0) {
          break;
        }
        if (++steps > Sampler.MAX_STEPS) {
          throw new IllegalStateException("environment '" + environment.name()
              + "': backward trajectories longer than " + Sampler.MAX_STEPS + " steps");
        }
        DiscreteStates moving = current.select(active);
        double[] logits = PolicyOutputs.of(inference, moving, "gfn4j-backward-sampler");
        Masks masks = moving.backwardMasks();
        int[] actions = new int[active.length];
        int[] movingOwner = new int[active.length];
        for (int r = 0; r < active.length; r++) {
          actions[r] = MaskedCategorical.sample(logits, masks, r, Exploration.NONE, random, scratch);
          movingOwner[r] = owner[active[r]];
        }
        current = environment.backwardStep(moving, new Actions(actions));
        owner = movingOwner;
        for (int r = 0; r < active.length; r++) {
          visited.get(owner[r]).add(current.row(r));
          undone.get(owner[r]).add(actions[r]);
        }
      }
    }
    return forwardTrajectories(visited, undone, logRewards);
  }

  private static int[] activeRows(DiscreteStates states) {
    int count = 0;
    int[] rows = new int[states.size()];
    for (int row = 0; row < states.size(); row++) {
      if (!states.isInitial(row)) {
        rows[count++] = row;
      }
    }
    return java.util.Arrays.copyOf(rows, count);
  }

  private Trajectories forwardTrajectories(List<List<int[]>> visited, List<List<Integer>> undone,
      double[] logRewards) {
    int n = visited.size();
    int dim = environment.stateDim();
    int[] offsets = new int[n + 1];
    for (int i = 0; i < n; i++) {
      offsets[i + 1] = offsets[i] + visited.get(i).size();
    }
    int[] values = new int[offsets[n] * dim];
    int[] actions = new int[offsets[n]];
    for (int i = 0; i < n; i++) {
      List<int[]> path = visited.get(i);
      int length = path.size();
      for (int k = 0; k < length; k++) {
        // forward position k is the state visited length-1-k steps back; it moves on by the action undone there
        System.arraycopy(path.get(length - 1 - k), 0, values, (offsets[i] + k) * dim, dim);
        actions[offsets[i] + k] = k == length - 1 ? environment.exitAction() : undone.get(i).get(length - 2 - k);
      }
    }
    return new Trajectories(environment.states(offsets[n], values), actions, offsets, logRewards.clone());
  }
}
