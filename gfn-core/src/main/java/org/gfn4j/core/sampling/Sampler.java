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
import org.gfn4j.api.reward.RewardFunction;
import org.gfn4j.core.backend.Nd4jBackend;
import org.gfn4j.core.batch.OffPolicyBatch;
import org.gfn4j.core.batch.OnPolicyBatch;
import org.gfn4j.core.batch.TrainingBatch;

/**
 * Rolls out a batch of forward trajectories together: at each step, one estimator forward pass for all
 * unfinished trajectories, masked log-softmax and sampling on plain arrays, one batched environment step.
 */
public final class Sampler {
  /** Safety bound on trajectory length, against environments whose forward moves cycle. */
  public static final int MAX_STEPS = 1_000_000;
  private static final String WORKSPACE = "gfn4j-sampler";

  private final DiscreteEnvironment environment;
  private final Estimator policy;
  private final RewardFunction reward;

  /**
   * @param environment where trajectories run
   * @param policy forward policy: encoded states to {@code actionCount()} logits
   * @param reward scores the terminal objects
   */
  public Sampler(DiscreteEnvironment environment, Estimator policy, RewardFunction reward) {
    this.environment = requireNonNull(environment, "environment is null");
    this.policy = requireNonNull(policy, "policy is null");
    this.reward = requireNonNull(reward, "reward is null");
    if (policy.inputDim() != environment.encodingDim() || policy.outputDim() != environment.actionCount()) {
      throw new IllegalArgumentException("policy " + policy.describe() + " maps " + policy.inputDim() + " -> "
          + policy.outputDim() + " but environment '" + environment.name() + "' needs " + environment.encodingDim()
          + " -> " + environment.actionCount());
    }
    Nd4jBackend.configure();
  }

  /**
   * Samples {@code n} complete trajectories from the initial state.
   *
   * @param exploration tempering and epsilon-mixing of the policy
   * @param random the only source of randomness
   * @throws IllegalArgumentException if the reward of a terminal object is NaN or {@code +inf}
   */
  public Trajectories sample(int n, Exploration exploration, RandomGenerator random) {
    return rollOut(n, exploration, random).trajectories();
  }

  /**
   * Samples {@code n} trajectories for training: an {@link OnPolicyBatch} carrying the log PF of every transition
   * when {@code exploration} is {@link Exploration#NONE}, an {@link OffPolicyBatch} otherwise.
   */
  public TrainingBatch sampleBatch(int n, Exploration exploration, RandomGenerator random) {
    Rollout rollout = rollOut(n, exploration, random);
    return exploration.isOnPolicy()
        ? new OnPolicyBatch(rollout.trajectories(), rollout.logPf())
        : new OffPolicyBatch(rollout.trajectories());
  }

  private Rollout rollOut(int n, Exploration exploration, RandomGenerator random) {
    if (n < 1) {
      throw new IllegalArgumentException("batch size must be positive, got " + n);
    }
    DiscreteStates current = environment.initialStates(n);
    int[] owner = identity(n);
    List<Step> steps = new ArrayList<>();
    int actionCount = environment.actionCount();
    double[] scratch = new double[actionCount];
    while (current.size() > 0) {
      if (steps.size() >= MAX_STEPS) {
        throw new IllegalStateException("environment '" + environment.name() + "': trajectories longer than "
            + MAX_STEPS + " steps; do its forward moves form a cycle?");
      }
      int rows = current.size();
      double[] logits = PolicyOutputs.of(policy, current, WORKSPACE);
      Masks masks = current.forwardMasks();
      int[] actions = new int[rows];
      double[] logPf = new double[rows];
      int continuing = 0;
      for (int row = 0; row < rows; row++) {
        actions[row] = MaskedSoftmax.sample(logits, masks, row, exploration, random, scratch);
        logPf[row] = scratch[actions[row]]; // the policy's own log-probability when sampling on-policy
        if (actions[row] != environment.exitAction()) {
          continuing++;
        }
      }
      steps.add(new Step(owner, current, actions, logPf));
      int[] keep = new int[continuing];
      int[] keptActions = new int[continuing];
      int[] keptOwner = new int[continuing];
      for (int row = 0, k = 0; row < rows; row++) {
        if (actions[row] != environment.exitAction()) {
          keep[k] = row;
          keptActions[k] = actions[row];
          keptOwner[k++] = owner[row];
        }
      }
      current = continuing == rows
          ? environment.step(current, new Actions(actions))
          : environment.step(current.select(keep), new Actions(keptActions));
      owner = keptOwner;
    }
    return assemble(n, steps);
  }

  private Rollout assemble(int n, List<Step> steps) {
    int[] offsets = new int[n + 1];
    for (Step step : steps) {
      for (int trajectory : step.owner) {
        offsets[trajectory + 1]++;
      }
    }
    for (int i = 0; i < n; i++) {
      offsets[i + 1] += offsets[i];
    }
    int dim = environment.stateDim();
    int total = offsets[n];
    int[] values = new int[total * dim];
    int[] actions = new int[total];
    double[] logPf = new double[total];
    int[] filled = new int[n];
    for (Step step : steps) {
      int[] stepValues = step.states.toArray();
      for (int row = 0; row < step.owner.length; row++) {
        int trajectory = step.owner[row];
        int position = offsets[trajectory] + filled[trajectory]++;
        System.arraycopy(stepValues, row * dim, values, position * dim, dim);
        actions[position] = step.actions[row];
        logPf[position] = step.logPf[row];
      }
    }
    DiscreteStates states = environment.states(total, values);
    int[] terminalRows = new int[n];
    for (int i = 0; i < n; i++) {
      terminalRows[i] = offsets[i + 1] - 1;
    }
    DiscreteStates terminals = states.select(terminalRows);
    double[] logRewards = reward.logReward(terminals);
    RewardChecks.check(logRewards, terminals, reward);
    return new Rollout(new Trajectories(states, actions, offsets, logRewards), logPf);
  }

  private static int[] identity(int n) {
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = i;
    }
    return rows;
  }

  private record Step(int[] owner, DiscreteStates states, int[] actions, double[] logPf) {}

  /** Trajectories with the sampling policy's log-probability of each transition. */
  private record Rollout(Trajectories trajectories, double[] logPf) {}
}
