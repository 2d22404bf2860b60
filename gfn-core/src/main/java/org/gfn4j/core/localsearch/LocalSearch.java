package org.gfn4j.core.localsearch;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.ActionBatch;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.env.States;
import org.gfn4j.api.env.StepEnvironment;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.core.batch.MixedBatch;
import org.gfn4j.core.batch.OffPolicyBatch;
import org.gfn4j.core.batch.OnPolicyBatch;
import org.gfn4j.core.batch.TrainingBatch;
import org.gfn4j.core.eval.TrajectoryLogProbabilities;
import org.gfn4j.core.model.GFlowNet;
import org.gfn4j.core.nn.UniformEstimator;
import org.gfn4j.core.sampling.BackwardSampler;
import org.gfn4j.core.sampling.Features;
import org.gfn4j.core.sampling.Sampler;

/**
 * Back-and-forth local search over a discrete, unconditional environment, as torchgfn's {@code LocalSearchSampler}
 * (Zhang et al. 2022; Kim et al. 2023). Each round, for each trajectory of the chain ending at x: a whole
 * trajectory τ back from x is drawn with PB (torchgfn resamples it rather than reusing the forward one), its last
 * {@code backSteps} transitions are cut off at the junction state, PF (with the iteration's exploration) rebuilds
 * a trajectory from the junction to some x', and τ' (τ's prefix, then the rebuilt part) replaces the chain's
 * trajectory when accepted (see {@link LocalSearchConfig.Acceptance}). The log-probabilities in the ratio are those
 * of the policies themselves, without exploration; PB draws without exploration.
 *
 * <p>It keeps no state between iterations: every draw comes from the generator it is given.
 */
public final class LocalSearch {
  private final GFlowNet model;
  private final DiscreteEnvironment environment;
  private final LocalSearchConfig config;
  private final Sampler<?, ?> forward;
  private final BackwardSampler backward;

  /**
   * @param model whose PF rebuilds and whose PB (uniform when it trains none) walks back
   * @param config the search settings
   * @throws IllegalArgumentException for a continuous or conditional environment
   */
  public LocalSearch(GFlowNet model, LocalSearchConfig config) {
    this.model = requireNonNull(model, "model is null");
    this.config = requireNonNull(config, "config is null");
    requireSupported(model.environment());
    this.environment = (DiscreteEnvironment) model.environment();
    this.forward = Sampler.of(environment, model.forwardPolicy(), model.reward());
    Estimator pb = model.backwardPolicy().orElseGet(() -> new UniformEstimator(Features.width(environment),
        environment.backwardHead().outputDim()));
    this.backward = new BackwardSampler(environment, pb);
  }

  /**
   * Refuses, in one line, an environment local search cannot walk back on.
   *
   * @throws IllegalArgumentException for a continuous or conditional environment
   */
  public static void requireSupported(StepEnvironment<?, ?> environment) {
    if (!(environment instanceof DiscreteEnvironment)) {
      throw new IllegalArgumentException("local search walks back with the discrete backward sampler, but "
          + "environment '" + environment.name() + "' is continuous; remove --local-search");
    }
    if (environment.conditionDim() > 0) {
      throw new IllegalArgumentException("local search resamples terminal objects without their conditions, but "
          + "environment '" + environment.name() + "' is conditional; remove --local-search");
    }
  }

  /** The settings. */
  public LocalSearchConfig config() {
    return config;
  }

  /**
   * The fresh batch followed by what {@code config.loops()} rounds of search from it add (see
   * {@link LocalSearchConfig.TrainedOn}): an on-policy fresh batch stays on-policy in a {@link MixedBatch}.
   */
  public TrainingBatch extend(TrainingBatch fresh, Exploration exploration, RandomGenerator random) {
    List<Trajectories> added = new ArrayList<>();
    Trajectories chain = fresh.trajectories();
    for (int loop = 0; loop < config.loops(); loop++) {
      Round round = round(chain, exploration, random);
      chain = round.next();
      added.add(config.trainedOn() == LocalSearchConfig.TrainedOn.ACCEPTED ? round.next() : round.proposed());
    }
    OffPolicyBatch searched = new OffPolicyBatch(Trajectories.concat(added));
    return fresh instanceof OnPolicyBatch onPolicy ? new MixedBatch(onPolicy, searched)
        : new OffPolicyBatch(Trajectories.concat(fresh.trajectories(), searched.trajectories()));
  }

  /**
   * One search round from {@code current}.
   *
   * @param backward τ, drawn with PB back from each current terminal object
   * @param proposed τ', τ's prefix up to the junction and PF's rebuilt continuation
   * @param logAcceptance the log of the Metropolis-Hastings acceptance probability of each proposal (also
   *     computed for greedy acceptance, which does not use it)
   * @param accepted whether each proposal was accepted
   * @param next the chain after the round: {@code proposed} where accepted, {@code current} elsewhere
   */
  public record Round(Trajectories backward, Trajectories proposed, double[] logAcceptance, boolean[] accepted,
      Trajectories next) {}

  /** One round of search from the trajectories {@code current}: draws PB's walks, PF's rebuilds, then acceptance. */
  public Round round(Trajectories current, Exploration exploration, RandomGenerator random) {
    int n = current.count();
    Trajectories back = backward.sample(current.discreteStates().select(current.terminalRows()),
        current.logRewards(), random);
    int[] junction = new int[n]; // transitions kept from τ: the junction is at that position
    int[] junctionRows = new int[n];
    for (int i = 0; i < n; i++) {
      int moves = back.length(i) - 1; // non-exit transitions
      junction[i] = moves - Math.min(config.backSteps(), moves);
      junctionRows[i] = back.start(i) + junction[i];
    }
    Trajectories rebuilt = forward.sampleFrom(back.states().select(junctionRows), exploration, random);
    Trajectories proposed = splice(back, junction, rebuilt);
    TrajectoryLogProbabilities before = TrajectoryLogProbabilities.of(model, back);
    TrajectoryLogProbabilities after = TrajectoryLogProbabilities.of(model, proposed);
    double[] logAcceptance = new double[n];
    boolean[] accepted = new boolean[n];
    int[] pick = new int[n];
    for (int i = 0; i < n; i++) {
      logAcceptance[i] = logAcceptance(back.logReward(i), before.logPf()[i], before.logPb()[i],
          proposed.logReward(i), after.logPf()[i], after.logPb()[i]);
      accepted[i] = switch (config.acceptance()) {
        case METROPOLIS_HASTINGS -> random.nextDouble() < Math.exp(logAcceptance[i]);
        case GREEDY -> back.logReward(i) <= proposed.logReward(i);
      };
      pick[i] = accepted[i] ? n + i : i;
    }
    Trajectories next = Trajectories.concat(current, proposed).select(pick);
    return new Round(back, proposed, logAcceptance, accepted, next);
  }

  /**
   * The log Metropolis-Hastings acceptance probability of moving from τ (ending at x) to τ' (ending at x'):
   * {@code min(0, log R(x') + log PB(τ | x) + log PF(τ') - log R(x) - log PB(τ' | x') - log PF(τ))}, torchgfn's
   * {@code log_accept_ratio}; the log-probabilities are of whole trajectories (the shared prefix cancels).
   */
  public static double logAcceptance(double logReward, double logPf, double logPb, double proposedLogReward,
      double proposedLogPf, double proposedLogPb) {
    return Math.min(0, proposedLogReward + logPb + proposedLogPf - logReward - proposedLogPb - logPf);
  }

  /** Each trajectory of {@code back} up to (not including) its junction, followed by the rebuilt one. */
  private static Trajectories splice(Trajectories back, int[] junction, Trajectories rebuilt) {
    int n = back.count();
    int offset = back.transitionCount();
    int[] offsets = new int[n + 1];
    for (int i = 0; i < n; i++) {
      offsets[i + 1] = offsets[i] + junction[i] + rebuilt.length(i);
    }
    int[] rows = new int[offsets[n]];
    for (int i = 0, k = 0; i < n; i++) {
      for (int t = 0; t < junction[i]; t++) {
        rows[k++] = back.start(i) + t;
      }
      for (int t = rebuilt.start(i); t < rebuilt.end(i); t++) {
        rows[k++] = offset + t;
      }
    }
    States states = States.concat(List.of(back.states(), rebuilt.states())).select(rows);
    ActionBatch actions = ActionBatch.concat(List.of(back.actions(), rebuilt.actions())).select(rows);
    return new Trajectories(states, actions, offsets, rebuilt.logRewards().clone());
  }
}
