package org.gfn4j.core.run;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.gfn4j.api.env.ContinuousEnvironment;
import org.gfn4j.api.env.ContinuousTarget;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Enumerable;
import org.gfn4j.api.env.Environment;
import org.gfn4j.api.env.EnvironmentProvider;
import org.gfn4j.api.env.StepEnvironment;
import org.gfn4j.api.objective.Objective;
import org.gfn4j.api.objective.ObjectiveProvider;
import org.gfn4j.api.objective.Term;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.api.plugin.Provider;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.policy.EstimatorShape;
import org.gfn4j.api.policy.PolicyProvider;
import org.gfn4j.api.reward.RewardFunction;
import org.gfn4j.api.reward.RewardProvider;
import org.gfn4j.core.eval.CombinedEvaluator;
import org.gfn4j.core.eval.ConditionalEvaluator;
import org.gfn4j.core.eval.Evaluator;
import org.gfn4j.core.eval.ExactEvaluator;
import org.gfn4j.core.eval.SampleEvaluator;
import org.gfn4j.core.eval.SampledMetricsEvaluator;
import org.gfn4j.core.localsearch.LocalSearch;
import org.gfn4j.core.model.GFlowNet;
import org.gfn4j.core.nn.Activation;
import org.gfn4j.core.nn.MlpProvider;
import org.gfn4j.core.nn.TabularEstimator;
import org.gfn4j.core.nn.TiedMlps;
import org.gfn4j.core.nn.UniformEstimator;
import org.gfn4j.core.plugin.PluginRegistry;
import org.gfn4j.core.random.Seeds;
import org.gfn4j.core.replay.ReplayBuffer;
import org.gfn4j.core.replay.ReplayConfig;
import org.gfn4j.core.replay.TerminalStateBuffer;
import org.gfn4j.core.replay.TrajectoryReplayBuffer;
import org.gfn4j.core.reward.EnvironmentRewardProvider;
import org.gfn4j.core.sampling.BackwardSampler;
import org.gfn4j.core.sampling.Features;
import org.gfn4j.core.train.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Builds runs from {@link RunSpec}s: looks each plugin up by name, validates its options, and wires the
 * environment, reward, objective and exactly the estimators the objective reads (PF always; PB, log F, log Z and
 * a frozen prior as declared), the replay buffer and, for enumerable environments, the exact evaluator. When a
 * prior has PF's architecture, PF starts from the prior's parameters (fine-tuning). Every configuration error
 * surfaces here, before training starts.
 */
public final class RunFactory {
  private final PluginRegistry registry;

  /** A factory over the given plugins. */
  @Inject
  public RunFactory(PluginRegistry registry) {
    this.registry = requireNonNull(registry, "registry is null");
  }

  /** The plugins this factory resolves names against. */
  public PluginRegistry registry() {
    return registry;
  }

  /**
   * Builds a run with freshly initialised parameters.
   *
   * @throws IllegalArgumentException for an unknown plugin, an invalid option or an invalid combination
   */
  public TrainingRun create(RunSpec spec) {
    ObjectiveProvider objectiveProvider = registry.objective(spec.objective().name());
    Objective objective = objectiveProvider.create(parameters("objective", objectiveProvider, spec.objective()));
    String objectiveName = "objective '" + objectiveProvider.name() + "'";
    EnvironmentProvider environmentProvider = registry.environment(spec.environment().name());
    Environment created = environmentProvider.create(parameters("environment", environmentProvider,
        spec.environment()));
    if (!(created instanceof StepEnvironment<?, ?> environment)) {
      throw new IllegalArgumentException("environment '" + spec.environment().name() + "' ("
          + created.getClass().getName() + ") implements neither DiscreteEnvironment nor ContinuousEnvironment");
    }
    Set<Term> terms = objective.inputs();
    validate(spec, terms, objectiveName, environment);
    if (environment instanceof DiscreteEnvironment discrete && stateCount(discrete) > 0
        && stateCount(discrete) <= ExactEvaluator.MAX_STATES) {
      requireExactEvaluationFits(discrete.name(), stateCount(discrete), discrete.actionCount(),
          Runtime.getRuntime().maxMemory());
    }
    if (terms.contains(Term.STATE_LOG_REWARD) && environment instanceof DiscreteEnvironment discrete) {
      requireEveryStateTerminal(discrete, objectiveName);
    }
    RewardProvider rewardProvider = registry.reward(spec.reward().name());
    RewardFunction reward = rewardProvider.create(parameters("reward", rewardProvider, spec.reward()), environment);
    Estimators estimators = spec.tied() ? tiedEstimators(spec, environment, terms)
        : separateEstimators(spec, environment, terms);
    if (environment instanceof DiscreteEnvironment discrete) {
      registerTableRows(discrete, estimators);
    }
    Optional<Estimator> prior = terms.contains(Term.PRIOR_LOG_PF)
        ? Optional.of(loadPrior(Path.of(spec.prior()), environment))
        : Optional.empty();
    prior.filter(p -> p.describe().equals(estimators.forward().describe()))
        .ifPresent(p -> estimators.forward().parameters().assign(p.parameters())); // fine-tune from the prior
    boolean conditionalLogZ = terms.contains(Term.LOG_Z) && environment.conditionDim() > 0;
    GFlowNet.Builder builder = GFlowNet.builder(environment, reward, estimators.forward())
        .backwardPolicy(estimators.backward())
        .logFlow(estimators.logFlow())
        .prior(prior)
        .learnsLogZ(terms.contains(Term.LOG_Z) && !conditionalLogZ)
        .logZType(spec.training().numericType().dataType())
        .logZEstimator(conditionalLogZ ? Optional.of(estimator(spec.forwardPolicy(),
            new EstimatorShape(environment.conditionDim(), 1, "log_z", 0, spec.training().numericType().dataType(),
                environment.conditionDim()),
            spec.training().seed(), Seeds.LOG_Z)) : Optional.empty());
    addExtraOutputs(builder, spec, environment, terms);
    GFlowNet model = builder.build();
    Optional<ExactEvaluator> exact = environment instanceof DiscreteEnvironment discrete
        && stateCount(discrete) > 0 && stateCount(discrete) <= ExactEvaluator.MAX_STATES
        ? Optional.of(new ExactEvaluator(discrete, reward, spec.sampledL1Samples(), spec.modeLogRewardThreshold(),
            Seeds.stream(spec.training().seed(), Seeds.EVALUATION)))
        : Optional.empty();
    Optional<Evaluator> evaluator;
    if (environment.conditionDim() > 0) {
      evaluator = exact.filter(e -> prior.isEmpty() && objective.rewardExponent() == 1)
          .map(e -> new ConditionalEvaluator(e, spec.effectiveEvalConditions()));
    } else {
      if (prior.isPresent() || objective.rewardExponent() != 1) { // the objective's target, not the reward's
        exact = exact.map(e -> e.towards(prior, objective.rewardExponent()));
      }
      evaluator = exact.map(Evaluator.class::cast);
    }
    if (environment instanceof ContinuousEnvironment continuous && environment instanceof ContinuousTarget
        && spec.reward().name().equals(EnvironmentRewardProvider.NAME) && objective.rewardExponent() == 1) {
      evaluator = Optional.of(new SampleEvaluator(continuous, reward, spec.sampledL1Samples() > 0
          ? spec.sampledL1Samples() : SampleEvaluator.DEFAULT_SAMPLES,
          Seeds.stream(spec.training().seed(), Seeds.EVALUATION)));
    }
    SampledMetricsEvaluator sampled = new SampledMetricsEvaluator(environment, model, spec.sampledL1Samples() > 0
        ? spec.sampledL1Samples() : SampledMetricsEvaluator.DEFAULT_SAMPLES, spec.modeLogRewardThreshold(),
        Seeds.stream(spec.training().seed(), Seeds.SAMPLED_METRICS));
    evaluator = Optional.of(evaluator.<Evaluator>map(main -> new CombinedEvaluator(main, sampled)).orElse(sampled));
    return new TrainingRun(spec, model, objective, evaluator, replayBuffer(spec.training().replay(), model));
  }

  /** One estimator of PF's architecture per extra output an objective asks for, each from its own stream. */
  private void addExtraOutputs(GFlowNet.Builder builder, RunSpec spec, StepEnvironment<?, ?> environment,
      Set<Term> terms) {
    List<Term> extras = terms.stream().filter(term -> !term.isBuiltIn())
        .sorted(java.util.Comparator.comparing(Term::key)).toList();
    for (int k = 0; k < extras.size(); k++) {
      Term term = extras.get(k);
      builder.extraOutput(term.key(), estimator(spec.forwardPolicy(), new EstimatorShape(Features.width(environment),
          term.width(), term.key(), 0, spec.training().numericType().dataType(), environment.conditionDim()),
          spec.training().seed(), Seeds.EXTRA_OUTPUTS + k));
    }
  }

  private static void validate(RunSpec spec, Set<Term> terms, String objectiveName,
      StepEnvironment<?, ?> environment) {
    TrainingConfig training = spec.training();
    requireTableFits(spec, environment);
    if (training.localSearch() != null) {
      LocalSearch.requireSupported(environment);
    }
    if (!(environment instanceof DiscreteEnvironment)) {
      List<String> discreteOnly = terms.stream().filter(Term::isDiscreteOnly).map(Term::toString).sorted().toList();
      if (!discreteOnly.isEmpty()) {
        throw new IllegalArgumentException(objectiveName + " reads " + String.join(" and ", discreteOnly)
            + ", which exist only for discrete environments, but environment '" + environment.name()
            + "' is not discrete; use an objective that reads log-probabilities and flows (tb, db, subtb, zvar)");
      }
      for (PluginChoice policy : List.of(spec.forwardPolicy(), spec.backwardPolicy())) {
        if (policy.name().equals("tabular")) {
          throw new IllegalArgumentException("policy 'tabular' keeps one row per state of a discrete enumerable "
              + "environment, but environment '" + environment.name() + "' is continuous; use policy 'mlp'");
        }
      }
      if (training.replay().enabled() && training.replay().kind() == ReplayConfig.Kind.TERMINAL) {
        throw new IllegalArgumentException("the terminal-state replay buffer re-samples trajectories backwards over "
            + "a discrete environment, but environment '" + environment.name() + "' is continuous; use a "
            + "trajectory buffer");
      }
    }
    if (environment.conditionDim() > 0) {
      for (PluginChoice policy : List.of(spec.forwardPolicy(), spec.backwardPolicy())) {
        if (policy.name().equals("tabular")) {
          throw new IllegalArgumentException("policy 'tabular' keeps one row per state and cannot read a condition, "
              + "but environment '" + environment.name() + "' is conditional; use policy 'mlp'");
        }
      }
      if (training.replay().enabled() && training.replay().kind() == ReplayConfig.Kind.TERMINAL) {
        throw new IllegalArgumentException("the terminal-state replay buffer keeps states without their "
            + "conditions, but environment '" + environment.name() + "' is conditional; use a trajectory buffer");
      }
    } else if (!spec.evalConditions().isEmpty()) {
      throw new IllegalArgumentException("evaluation conditions " + spec.evalConditions() + " apply to conditional "
          + "environments, but environment '" + environment.name() + "' is unconditional; remove --eval-conditions");
    }
    if (spec.modeThreshold() != null && !(environment instanceof DiscreteEnvironment)) {
      throw new IllegalArgumentException("--mode-threshold " + spec.modeThreshold() + " counts the distinct terminal "
          + "objects of a discrete environment, but environment '" + environment.name() + "' is continuous; remove "
          + "--mode-threshold");
    }
    if (spec.tied() && environment.conditionDim() > 0) {
      throw new IllegalArgumentException("--tied is not supported for the conditional environment '"
          + environment.name() + "' yet; train separate estimators");
    }
    if (!terms.contains(Term.LOG_Z) && training.logZLearningRate() != null) {
      throw new IllegalArgumentException(objectiveName + " learns no log Z, so a log Z learning rate (--lr-z "
          + training.logZLearningRate() + ") does not apply; remove it");
    }
    if (terms.contains(Term.PRIOR_LOG_PF) && spec.prior() == null) {
      throw new IllegalArgumentException(objectiveName + " needs a frozen prior policy: give the checkpoint folder "
          + "of a trained run (--prior DIR)");
    }
    if (!terms.contains(Term.PRIOR_LOG_PF) && spec.prior() != null) {
      throw new IllegalArgumentException(objectiveName + " uses no prior policy; remove --prior " + spec.prior());
    }
    if (spec.tied() && !spec.forwardPolicy().name().equals("mlp")) {
      throw new IllegalArgumentException("--tied shares an MLP trunk, so it needs policy 'mlp', not '"
          + spec.forwardPolicy().name() + "'");
    }
  }

  /** Bytes per state of an exact evaluation besides those per action: a few doubles, ints and the state's row. */
  static final long EXACT_BYTES_PER_STATE = 10L * Double.BYTES;

  /**
   * Bytes per action of each state in an exact evaluation: its log-probability (a double), its mask and, for a
   * child, the child's parent, action and index (three ints) and its stepped state.
   */
  static final long EXACT_BYTES_PER_ACTION = Double.BYTES + 1 + 3L * Integer.BYTES + 2L * Integer.BYTES;

  /** An estimate of the memory {@link ExactEvaluator} needs for {@code states} states of {@code actions} actions. */
  static long exactEvaluationBytes(long states, int actions) {
    return states * (actions * EXACT_BYTES_PER_ACTION + EXACT_BYTES_PER_STATE);
  }

  /**
   * Refuses, before training, an exact evaluation that would not fit in {@code maxMemory} bytes (the JVM's
   * {@code -Xmx}), rather than running out of memory after it.
   *
   * @throws IllegalArgumentException naming the environment, its size, the estimate and what to do
   */
  static void requireExactEvaluationFits(String environment, long states, int actions, long maxMemory) {
    long needed = exactEvaluationBytes(states, actions);
    if (needed > maxMemory) {
      throw new IllegalArgumentException(String.format(Locale.ROOT, "exact evaluation of environment "
          + "'%s' (%d states, %d actions) needs about %d MiB, more than the %d MiB this JVM may use; give the JVM "
          + "more memory (-Xmx) or choose a smaller environment", environment, states, actions, needed >> 20,
          maxMemory >> 20));
    }
  }

  /** For objectives that read every state's reward: an enumerable environment is checked state by state. */
  private static void requireEveryStateTerminal(DiscreteEnvironment environment, String objectiveName) {
    if (stateCount(environment) == 0) {
      return; // not enumerable: the objective checks each batch
    }
    DiscreteStates all = ((Enumerable) environment).allStates();
    for (int row = 0; row < all.size(); row++) {
      if (!all.forwardMasks().isAllowed(row, environment.exitAction())) {
        throw new IllegalArgumentException(objectiveName + " reads the reward of every state, but environment '"
            + environment.name() + "' has states that cannot exit, such as " + all.format(row));
      }
    }
  }

  private record Estimators(Estimator forward, Optional<Estimator> backward, Optional<Estimator> logFlow) {}

  private Estimators separateEstimators(RunSpec spec, StepEnvironment<?, ?> environment, Set<Term> terms) {
    long seed = spec.training().seed();
    int states = environment instanceof DiscreteEnvironment discrete ? stateCount(discrete) : 0;
    int inputs = Features.width(environment);
    DataType dataType = spec.training().numericType().dataType();
    Estimator forward = estimator(spec.forwardPolicy(), new EstimatorShape(inputs,
        environment.forwardHead().outputDim(), "pf", states, dataType, environment.conditionDim()), seed,
        Seeds.FORWARD_POLICY);
    Optional<Estimator> backward = terms.contains(Term.LOG_PB)
        ? Optional.of(estimator(spec.backwardPolicy(), new EstimatorShape(inputs,
            environment.backwardHead().outputDim(), "pb", states, dataType, environment.conditionDim()), seed,
            Seeds.BACKWARD_POLICY))
        : Optional.empty();
    Optional<Estimator> logFlow = terms.contains(Term.LOG_F)
        ? Optional.of(estimator(spec.forwardPolicy(), new EstimatorShape(inputs, 1, "log_f", states, dataType,
            environment.conditionDim()), seed, Seeds.LOG_FLOW))
        : Optional.empty();
    return new Estimators(forward, backward, logFlow);
  }

  /** Tables get one row per state in canonical index order, so their parameters mean the same after a reload. */
  private static void registerTableRows(DiscreteEnvironment environment, Estimators estimators) {
    List<TabularEstimator> tables = java.util.stream.Stream.of(Optional.of(estimators.forward()),
            estimators.backward(), estimators.logFlow())
        .flatMap(Optional::stream)
        .filter(TabularEstimator.class::isInstance)
        .map(TabularEstimator.class::cast)
        .toList();
    if (tables.isEmpty()) {
      return;
    }
    DiscreteStates all = ((Enumerable) environment).allStates();
    int chunk = Math.max(1, Math.min(all.size(), (1 << 20) / Math.max(1, environment.encodingDim())));
    float[] features = new float[chunk * environment.encodingDim()];
    for (int from = 0; from < all.size(); from += chunk) { // in chunks: a million states of k-hot features is GBs
      int rows = Math.min(chunk, all.size() - from);
      int[] range = java.util.stream.IntStream.range(from, from + rows).toArray();
      environment.encode(all.select(range), features);
      tables.forEach(table -> table.registerStates(features, rows));
    }
  }

  /**
   * Refuses, in one line, a tabular policy on an enumerable environment with more states than a table holds.
   *
   * @throws IllegalArgumentException naming the environment, its state count and {@link TabularEstimator#MAX_STATES}
   */
  private static void requireTableFits(RunSpec spec, StepEnvironment<?, ?> environment) {
    boolean tabular = spec.forwardPolicy().name().equals("tabular") || spec.backwardPolicy().name().equals("tabular");
    if (!tabular || !(environment instanceof Enumerable enumerable)) {
      return;
    }
    String count;
    try {
      int states = enumerable.stateCount();
      if (states <= TabularEstimator.MAX_STATES) {
        return;
      }
      count = states + " states";
    } catch (IllegalStateException tooLarge) {
      count = "too many states to list (" + tooLarge.getMessage() + ")";
    }
    throw new IllegalArgumentException("policy 'tabular' keeps one row per state, but environment '"
        + environment.name() + "' has " + count + ", more than the " + TabularEstimator.MAX_STATES
        + " a table holds; use policy 'mlp'");
  }

  private Estimators tiedEstimators(RunSpec spec, StepEnvironment<?, ?> environment, Set<Term> terms) {
    MlpProvider mlp = (MlpProvider) registry.policy("mlp");
    Parameters options = parameters("policy", mlp, spec.forwardPolicy());
    int forwardWidth = environment.forwardHead().outputDim();
    int backwardWidth = environment.backwardHead().outputDim();
    boolean learnedBackward = terms.contains(Term.LOG_PB) && !spec.backwardPolicy().name().equals("uniform");
    boolean logFlow = terms.contains(Term.LOG_F);
    int[] widths = java.util.stream.IntStream.concat(java.util.stream.IntStream.of(forwardWidth),
        java.util.stream.IntStream.concat(learnedBackward ? java.util.stream.IntStream.of(backwardWidth)
            : java.util.stream.IntStream.empty(), logFlow ? java.util.stream.IntStream.of(1)
            : java.util.stream.IntStream.empty())).toArray();
    List<Estimator> heads = TiedMlps.create(Features.width(environment), options.getInt(MlpProvider.HIDDEN),
        options.getInt(MlpProvider.LAYERS), Activation.of(options.getString(MlpProvider.ACTIVATION)), widths,
        spec.training().numericType().dataType(), Seeds.stream(spec.training().seed(), Seeds.FORWARD_POLICY));
    Optional<Estimator> backward = Optional.empty();
    if (terms.contains(Term.LOG_PB)) {
      backward = Optional.of(learnedBackward ? heads.get(1)
          : new UniformEstimator(Features.width(environment), backwardWidth));
    }
    Optional<Estimator> flow = logFlow ? Optional.of(heads.get(heads.size() - 1)) : Optional.empty();
    return new Estimators(heads.get(0), backward, flow);
  }

  private Estimator estimator(PluginChoice choice, EstimatorShape shape, long seed, int stream) {
    PolicyProvider provider = registry.policy(choice.name());
    return provider.create(parameters("policy", provider, choice), shape, Seeds.stream(seed, stream));
  }

  private Estimator loadPrior(Path folder, StepEnvironment<?, ?> environment) {
    TrainingRun prior = CheckpointStore.load(folder, this);
    if (prior.model().reward() instanceof AutoCloseable resource) {
      try {
        resource.close(); // only the prior's PF is used
      } catch (Exception e) {
        throw new IllegalStateException("cannot close the reward of prior " + folder + ": " + e.getMessage(), e);
      }
    }
    StepEnvironment<?, ?> priorEnvironment = prior.model().environment();
    if (!priorEnvironment.name().equals(environment.name())
        || !priorEnvironment.parameters().asStrings().equals(environment.parameters().asStrings())) {
      throw new IllegalArgumentException("prior checkpoint " + folder + " was trained on environment '"
          + priorEnvironment.name() + "' " + priorEnvironment.parameters().asStrings() + ", not '"
          + environment.name() + "' " + environment.parameters().asStrings());
    }
    return prior.model().forwardPolicy();
  }

  private static Optional<ReplayBuffer> replayBuffer(ReplayConfig config, GFlowNet model) {
    if (!config.enabled()) {
      return Optional.empty();
    }
    StepEnvironment<?, ?> environment = model.environment();
    return Optional.of(switch (config.kind()) {
      case UNIFORM -> new TrajectoryReplayBuffer(config.capacity(), environment, false, false);
      case PRIORITIZED -> new TrajectoryReplayBuffer(config.capacity(), environment, true, false);
      case PROPORTIONAL -> new TrajectoryReplayBuffer(config.capacity(), environment, false, true);
      case PRIORITIZED_PROPORTIONAL -> new TrajectoryReplayBuffer(config.capacity(), environment, true, true);
      case TERMINAL -> terminalStateBuffer(config.capacity(), (DiscreteEnvironment) environment, model);
    });
  }

  private static TerminalStateBuffer terminalStateBuffer(int capacity, DiscreteEnvironment environment,
      GFlowNet model) {
    return new TerminalStateBuffer(capacity, environment, new BackwardSampler(environment,
        model.backwardPolicy().orElseGet(() -> new UniformEstimator(Features.width(environment),
            environment.backwardActionCount()))));
  }

  /** The number of states of an enumerable environment small enough to list, else 0. */
  private static int stateCount(DiscreteEnvironment environment) {
    if (!(environment instanceof Enumerable enumerable)) {
      return 0;
    }
    try {
      return enumerable.stateCount();
    } catch (IllegalStateException tooLarge) {
      return 0;
    }
  }

  private static Parameters parameters(String kind, Provider provider, PluginChoice choice) {
    return Parameters.parse(kind + " '" + provider.name() + "'", provider.parameters(), choice.options());
  }
}
