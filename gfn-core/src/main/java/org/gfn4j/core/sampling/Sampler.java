package org.gfn4j.core.sampling;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.ActionBatch;
import org.gfn4j.api.env.Conditions;
import org.gfn4j.api.env.PolicyHead;
import org.gfn4j.api.env.SampledActions;
import org.gfn4j.api.env.States;
import org.gfn4j.api.env.StepEnvironment;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.api.reward.RewardFunction;
import org.gfn4j.core.backend.Nd4jBackend;
import org.gfn4j.core.batch.OffPolicyBatch;
import org.gfn4j.core.batch.OnPolicyBatch;
import org.gfn4j.core.batch.RecordedBatch;
import org.gfn4j.core.batch.TrainingBatch;
import org.gfn4j.core.nn.Predictor;
import org.gfn4j.core.nn.Recordable;
import org.gfn4j.core.nn.Recording;

/**
 * Rolls out a batch of forward trajectories together, for any kind of environment: at each step, one estimator
 * forward pass for all unfinished trajectories, the environment's forward {@link PolicyHead} samples on plain
 * arrays, one batched environment step for the rows that did not exit.
 *
 * @param <S> the environment's kind of states
 * @param <A> its kind of actions
 */
public final class Sampler<S extends States, A extends ActionBatch> {
  /** Safety bound on trajectory length, against environments whose forward moves cycle. */
  public static final int MAX_STEPS = 1_000_000;
  private static final String WORKSPACE = "gfn4j-sampler";

  private final StepEnvironment<S, A> environment;
  private final PolicyHead<S, A> head;
  private final Estimator policy;
  private final RewardFunction reward;

  /**
   * @param environment where trajectories run
   * @param policy forward policy: features to the forward head's outputs
   * @param reward scores the terminal objects
   */
  public Sampler(StepEnvironment<S, A> environment, Estimator policy, RewardFunction reward) {
    this.environment = requireNonNull(environment, "environment is null");
    this.policy = requireNonNull(policy, "policy is null");
    this.reward = requireNonNull(reward, "reward is null");
    this.head = environment.forwardHead();
    int inputs = Features.width(environment);
    if (policy.inputDim() != inputs || policy.outputDim() != head.outputDim()) {
      throw new IllegalArgumentException("policy " + policy.describe() + " maps " + policy.inputDim() + " -> "
          + policy.outputDim() + " but environment '" + environment.name() + "' needs " + inputs + " -> "
          + head.outputDim() + " (its " + head.name() + " head)");
    }
    Nd4jBackend.configure();
  }

  /** A sampler for an environment known only up to its kinds. */
  public static <S extends States, A extends ActionBatch> Sampler<S, A> of(StepEnvironment<S, A> environment,
      Estimator policy, RewardFunction reward) {
    return new Sampler<>(environment, policy, reward);
  }

  /**
   * Samples {@code n} complete trajectories from the initial state, with conditions drawn by the environment.
   *
   * @param exploration how the head departs from the policy
   * @param random the only source of randomness (conditions included)
   * @throws IllegalArgumentException if the reward of a terminal object is NaN or {@code +inf}
   */
  public Trajectories sample(int n, Exploration exploration, RandomGenerator random) {
    return rollOut(environment.sampleConditions(n, random), exploration, random, null).trajectories();
  }

  /** Samples one trajectory per row of {@code conditions}, each under its condition. */
  public Trajectories sample(Conditions conditions, Exploration exploration, RandomGenerator random) {
    return rollOut(conditions, exploration, random, null).trajectories();
  }

  /**
   * Samples {@code n} trajectories for training: an {@link OnPolicyBatch} carrying the log PF of every transition
   * when {@code exploration} is {@link Exploration#NONE}, an {@link OffPolicyBatch} otherwise.
   */
  public TrainingBatch sampleBatch(int n, Exploration exploration, RandomGenerator random) {
    return batch(rollOut(environment.sampleConditions(n, random), exploration, random, null), exploration);
  }

  /**
   * Samples as {@link #sampleBatch} does (the same trajectories), recording PF's inference and, if given,
   * {@code backwardPolicy}'s at the states each step reaches (on the side thread where it is on, while the
   * rollout goes on), for a {@link RecordedBatch} that training reuses instead of running them again. Where PF
   * cannot record ({@link Recordable}), the batch of {@link #sampleBatch}; a PB that cannot record is left out.
   */
  public TrainingBatch sampleRecordedBatch(int n, Exploration exploration, RandomGenerator random,
      Optional<Estimator> backwardPolicy) {
    Optional<Recording> forward = Recordable.start(policy);
    if (forward.isEmpty()) {
      return sampleBatch(n, exploration, random);
    }
    RolloutRecorder recorder = new RolloutRecorder(forward.get(), backwardPolicy.flatMap(Recordable::start));
    Rollout rollout;
    try {
      rollout = rollOut(environment.sampleConditions(n, random), exploration, random, recorder);
    } catch (RuntimeException | Error e) {
      recorder.cancel();
      throw e;
    }
    return new RecordedBatch(batch(rollout, exploration), recorder.finish(rollout.order(), n));
  }

  private static TrainingBatch batch(Rollout rollout, Exploration exploration) {
    return exploration.isOnPolicy()
        ? new OnPolicyBatch(rollout.trajectories(), rollout.logPf())
        : new OffPolicyBatch(rollout.trajectories());
  }

  /**
   * Samples one trajectory from each of {@code start}'s states (not necessarily initial ones) until it exits: the
   * forward half of a local search, which continues trajectories from a state part-way along them.
   */
  public Trajectories sampleFrom(States start, Exploration exploration, RandomGenerator random) {
    return rollOut(environment.own(start), exploration, random, null).trajectories();
  }

  private Rollout rollOut(Conditions conditions, Exploration exploration, RandomGenerator random,
      RolloutRecorder recorder) {
    if (conditions.rows() < 1) {
      throw new IllegalArgumentException("batch size must be positive, got " + conditions.rows());
    }
    return rollOut(environment.initialStates(conditions.rows(), conditions), exploration, random, recorder);
  }

  /** The rollout; {@code recorder}, if not null, records the estimators' inference. */
  private Rollout rollOut(S start, Exploration exploration, RandomGenerator random, RolloutRecorder recorder) {
    int n = start.size();
    if (n < 1) {
      throw new IllegalArgumentException("batch size must be positive, got " + n);
    }
    Frontier<S> frontier = new Frontier<>(start, identity(n));
    List<Step<S, A>> steps = new ArrayList<>();
    // the parameters stay as they are for the rollout
    try (Predictor inference = Predictor.whileUnchanged(policy)) {
      // the loop's body is in methods of its own, so that the JIT compiles them once rather than this loop with
      // everything it inlines on stack replacement (see assemble)
      while (frontier.states().size() > 0) {
        if (steps.size() >= MAX_STEPS) {
          throw new IllegalStateException("environment '" + environment.name() + "': trajectories longer than "
              + MAX_STEPS + " steps; do its forward moves form a cycle?");
        }
        Step<S, A> step = sampleStep(frontier, inference, exploration, random, recorder, steps.isEmpty());
        steps.add(step);
        frontier = advance(step);
      }
    }
    return assemble(n, steps);
  }

  /** One step of every unfinished trajectory: the policy's outputs at its state, and the head's actions. */
  private Step<S, A> sampleStep(Frontier<S> frontier, Predictor inference, Exploration exploration,
      RandomGenerator random, RolloutRecorder recorder, boolean first) {
    S current = frontier.states();
    double[] outputs;
    if (recorder == null) {
      outputs = PolicyOutputs.of(inference, current, WORKSPACE);
    } else {
      float[] features = Features.of(current);
      if (!first) {
        recorder.backward(features, current.size());
      }
      outputs = recorder.forward(features, current.size(), WORKSPACE);
    }
    SampledActions<A> sampled = head.sample(current, outputs, exploration, random);
    return new Step<>(frontier.owner(), current, sampled.actions(), sampled.logProbabilities());
  }

  /** The states after {@code step}'s actions of the trajectories that did not exit, with their owners. */
  private Frontier<S> advance(Step<S, A> step) {
    S current = step.states();
    A actions = step.actions();
    int rows = current.size();
    int continuing = rows - actions.exitCount();
    if (continuing == rows) {
      return new Frontier<>(environment.step(current, actions), step.owner());
    }
    int[] keep = new int[continuing];
    int[] keptOwner = new int[continuing];
    for (int row = 0, k = 0; row < rows; row++) {
      if (!actions.isExit(row)) {
        keep[k] = row;
        keptOwner[k++] = step.owner()[row];
      }
    }
    return new Frontier<>(environment.step(environment.own(current.select(keep)), cast(actions.select(keep))),
        keptOwner);
  }

  @SuppressWarnings("unchecked")
  private A cast(ActionBatch actions) {
    return (A) actions; // select keeps the kind
  }

  /** Puts the steps' rows in trajectory order (trajectory-major) and scores the terminal states. */
  private Rollout assemble(int n, List<Step<S, A>> steps) {
    // the loops are in small methods of their own: a loop here would have the JIT compile this whole method,
    // with everything it inlines, once per loop on stack replacement (seconds of compiler time, docs/performance.md)
    int[] offsets = trajectoryOffsets(n, steps);
    int total = offsets[n];
    int[] order = new int[total]; // position in trajectory order -> row of the steps' concatenation
    double[] logPf = new double[total];
    trajectoryOrder(n, steps, offsets, order, logPf);
    States states = States.concat(steps.stream().map(Step::states).toList()).select(order);
    ActionBatch actions = ActionBatch.concat(steps.stream().map(Step::actions).toList()).select(order);
    States terminals = states.select(lastRows(offsets));
    double[] logRewards = reward.logReward(terminals);
    RewardChecks.check(logRewards, terminals, reward);
    return new Rollout(new Trajectories(states, actions, offsets, logRewards), logPf, order);
  }

  /** Where each trajectory starts in trajectory order, and the total as the last of the {@code n + 1} offsets. */
  private static int[] trajectoryOffsets(int n, List<? extends Step<?, ?>> steps) {
    int[] offsets = new int[n + 1];
    for (Step<?, ?> step : steps) {
      for (int trajectory : step.owner) {
        offsets[trajectory + 1]++;
      }
    }
    for (int i = 0; i < n; i++) {
      offsets[i + 1] += offsets[i];
    }
    return offsets;
  }

  /** Fills {@code order} (position in trajectory order -> row of the steps' concatenation) and the log PF. */
  private static void trajectoryOrder(int n, List<? extends Step<?, ?>> steps, int[] offsets, int[] order,
      double[] logPf) {
    int[] filled = new int[n];
    int row = 0;
    for (Step<?, ?> step : steps) {
      for (int r = 0; r < step.owner.length; r++, row++) {
        int trajectory = step.owner[r];
        int position = offsets[trajectory] + filled[trajectory]++;
        order[position] = row;
        logPf[position] = step.logPf[r];
      }
    }
  }

  /** The last row of each trajectory (its terminal state), from the offsets. */
  private static int[] lastRows(int[] offsets) {
    int[] rows = new int[offsets.length - 1];
    for (int i = 0; i < rows.length; i++) {
      rows[i] = offsets[i + 1] - 1;
    }
    return rows;
  }

  private static int[] identity(int n) {
    int[] rows = new int[n];
    for (int i = 0; i < n; i++) {
      rows[i] = i;
    }
    return rows;
  }

  private record Step<S, A>(int[] owner, S states, A actions, double[] logPf) {}

  /** The states of the trajectories still under way, and the trajectory each row belongs to. */
  private record Frontier<S>(S states, int[] owner) {}

  /**
   * Trajectories with the sampling policy's log-probability of each transition, and the row of the steps'
   * concatenation each transition comes from.
   */
  private record Rollout(Trajectories trajectories, double[] logPf, int[] order) {}
}
