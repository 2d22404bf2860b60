package org.gfn4j.examples.cli;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.core.localsearch.LocalSearchConfig;
import org.gfn4j.core.optim.AdamSettings;
import org.gfn4j.core.replay.ReplayConfig;
import org.gfn4j.core.run.PluginChoice;
import org.gfn4j.core.run.RunSpec;
import org.gfn4j.core.schedule.ExplorationSchedule;
import org.gfn4j.core.schedule.Schedule;
import org.gfn4j.core.train.NumericType;
import org.gfn4j.core.train.TrainingConfig;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** The options that define a run ({@code --env}, {@code --loss}, {@code --lr}, ...), shared by commands. */
final class RunOptions {
  @Option(names = "--env", defaultValue = "hypergrid", description = "Environment (see 'gfn list'). Default: ${DEFAULT-VALUE}.")
  String environment;

  @Option(names = "--env-opt", paramLabel = "KEY=VALUE", description = "Environment parameter, repeatable.")
  Map<String, String> environmentOptions = new LinkedHashMap<>();

  @Option(names = "--policy-opt", paramLabel = "KEY=VALUE",
      description = "Estimator parameter (see gfn list), repeatable; e.g. conditioning=trunks.")
  Map<String, String> extraPolicyOptions = new LinkedHashMap<>();

  @Option(names = "--policy", defaultValue = "mlp", description = "Estimator of PF and PB. Default: ${DEFAULT-VALUE}.")
  String policy;

  @Option(names = "--hidden", description = "Hidden width of the mlp policy (default 256).")
  Integer hidden;

  @Option(names = "--layers", description = "Hidden layers of the mlp policy (default 2).")
  Integer layers;

  @Option(names = "--activation", description = "Hidden activation of the mlp policy: relu, leaky_relu, tanh, elu.")
  String activation;

  @Option(names = "--uniform-pb", description = "Use a fixed uniform backward policy.")
  boolean uniformBackwardPolicy;

  @Option(names = "--tied", description = "PF, PB and log F share one MLP trunk (policy mlp).")
  boolean tied;

  @Option(names = "--prior", paramLabel = "DIR", description = "Checkpoint of a trained run: its PF is the frozen prior of 'rtb'.")
  String prior;

  @Option(names = "--replay-buffer", paramLabel = "N", defaultValue = "0",
      description = "Replay buffer capacity; each iteration also trains on as many replayed trajectories (0: off).")
  int replayCapacity;

  @Option(names = "--buffer-kind", defaultValue = "uniform", description = "Replay buffer: uniform, prioritized "
      + "(keep the highest rewards), proportional (draw by reward), prioritized-proportional, terminal (terminal "
      + "objects, re-sampled backwards with PB). Default: ${DEFAULT-VALUE}.")
  String bufferKind;

  @Option(names = "--loss", defaultValue = "tb", description = "Objective (see 'gfn list'). Default: ${DEFAULT-VALUE}.")
  String objective;

  @Option(names = "--loss-opt", paramLabel = "KEY=VALUE", description = "Objective parameter, repeatable.")
  Map<String, String> objectiveOptions = new LinkedHashMap<>();

  @Option(names = "--reward", defaultValue = "env", description = "Reward (see 'gfn list'). Default: ${DEFAULT-VALUE}.")
  String reward;

  @Option(names = "--reward-opt", paramLabel = "KEY=VALUE", description = "Reward parameter, repeatable.")
  Map<String, String> rewardOptions = new LinkedHashMap<>();

  @Option(names = "--iterations", defaultValue = "1000", description = "Training iterations. Default: ${DEFAULT-VALUE}.")
  int iterations;

  @Option(names = "--batch-size", defaultValue = "16", description = "Trajectories per iteration. Default: ${DEFAULT-VALUE}.")
  int batchSize;

  @Option(names = "--lr", defaultValue = "1e-3", description = "Policy learning rate. Default: ${DEFAULT-VALUE}.")
  double learningRate;

  @Option(names = "--lr-z", description = "log Z learning rate (default 0.1; only for objectives that learn log Z).")
  Double logZLearningRate;

  @Option(names = "--weight-decay", defaultValue = "0", description = "Policy weight decay. Default: ${DEFAULT-VALUE}.")
  double weightDecay;

  @Option(names = "--adamw", description = "Decoupled weight decay (AdamW) instead of Adam's L2 penalty.")
  boolean adamW;

  @Option(names = "--clip-grad-norm", defaultValue = "0", description = "Clip the global gradient norm (0: off).")
  double clipGradientNorm;

  @Option(names = "--epsilon", defaultValue = "0", description = "Uniform exploration weight in [0, 1]. Default: ${DEFAULT-VALUE}.")
  double epsilon;

  @Option(names = "--temperature", defaultValue = "1", description = "Sampling temperature. Default: ${DEFAULT-VALUE}.")
  double temperature;

  @Option(names = "--epsilon-schedule", paramLabel = "SCHEDULE", defaultValue = "constant", description = "How "
      + "epsilon moves from --epsilon: constant, linear:END:N (straight to END over N iterations) or "
      + "exponential:END:N (geometric, by the factor (END/START)^(1/N) per iteration; START and END > 0). Iteration t "
      + "(from 1) uses the value after t-1 of the N iterations, END from iteration N+1 on. Default: ${DEFAULT-VALUE}.")
  String epsilonSchedule;

  @Option(names = "--temperature-schedule", paramLabel = "SCHEDULE", defaultValue = "constant", description = "How "
      + "the temperature moves from --temperature, as --epsilon-schedule (e.g. exponential:1:1000 anneals from a "
      + "hotter start to 1). Default: ${DEFAULT-VALUE}.")
  String temperatureSchedule;

  @Option(names = "--local-search", paramLabel = "LOOPS", defaultValue = "0", description = "Back-and-forth local "
      + "search rounds per iteration (torchgfn's LocalSearchSampler; discrete unconditional environments): each "
      + "walks every trajectory back with PB, rebuilds it with PF and accepts it or not; the batch trained on "
      + "gains one trajectory per fresh one per round (0: off). Default: ${DEFAULT-VALUE}.")
  int localSearchLoops;

  @Option(names = "--local-search-steps", paramLabel = "K", defaultValue = "2", description = "PB steps walked back "
      + "before PF rebuilds (capped at the trajectory's length). Default: ${DEFAULT-VALUE}.")
  int localSearchSteps;

  @Option(names = "--local-search-accept", defaultValue = "mh", description = "Acceptance of a rebuilt trajectory: "
      + "mh (Metropolis-Hastings, min(1, R(x') PB(tau|x) PF(tau') / (R(x) PB(tau'|x') PF(tau)))) or greedy (when "
      + "R(x') >= R(x)). Default: ${DEFAULT-VALUE}.")
  String localSearchAccept;

  @Option(names = "--local-search-train", defaultValue = "accepted", description = "What each round adds to the "
      + "batch: accepted (each chain's trajectory after acceptance, as Kim et al.) or proposed (every rebuilt "
      + "trajectory, as torchgfn's sampler returns). Default: ${DEFAULT-VALUE}.")
  String localSearchTrain;

  @Option(names = "--eval-every", defaultValue = "100", description = "Evaluate every N iterations and at the end (0: end only).")
  int evalEvery;

  @Option(names = "--dtype", defaultValue = "float32", description = "Numeric type of estimators, log Z and the "
      + "optimiser state: float32 or float64. Default: ${DEFAULT-VALUE}.")
  String dtype;

  @Option(names = "--exit-bias", defaultValue = "0",
      description = "Subtracted from the exit logit when sampling (torchgfn's sf_bias; off-policy). Default: ${DEFAULT-VALUE}.")
  double exitBias;

  @Option(names = {"--sampled-l1", "--eval-samples"}, defaultValue = "0", description = "Fresh samples for "
      + "sample-based metrics: torchgfn's sampled L1 on discrete environments (0: none), the kernel-density JSD or the "
      + "moments of continuous ones (0: 10000).")
  int sampledL1Samples;

  @Option(names = "--eval-conditions", split = ",", paramLabel = "C",
      description = "Conditions a conditional environment is evaluated at, e.g. 0,0.5,1. Default: 0,0.25,0.5,0.75,1.")
  List<Double> evalConditions = new ArrayList<>();

  @Option(names = "--mode-threshold", paramLabel = "R", description = "Reward from which a terminal object counts "
      + "as a mode (R > 0; log R is compared with the log-rewards) for modes_found, in place of the environment's "
      + "threshold; discrete environments. Default: the environment's, if it declares one.")
  Double modeThreshold;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of every random draw. Default: ${DEFAULT-VALUE}.")
  long seed;

  /** The repeatable {@code KEY=VALUE} options, each of which must name a key once. */
  static final List<String> KEY_VALUE_OPTIONS = List.of("--env-opt", "--policy-opt", "--loss-opt", "--reward-opt");

  /**
   * Refuses options that would be silently ignored: a {@code KEY=VALUE} option that repeats a key (the map would
   * keep the last value only) and {@code --buffer-kind} without {@code --replay-buffer}.
   *
   * @throws ParameterException naming the option and what to do instead
   */
  void refuseIgnoredOptions(ParseResult parsed) {
    requireNonNull(parsed, "parsed is null");
    for (String name : KEY_VALUE_OPTIONS) {
      OptionSpec option = parsed.matchedOption(name);
      if (option == null) {
        continue;
      }
      Map<String, List<String>> byKey = new LinkedHashMap<>();
      for (String value : option.originalStringValues()) {
        int equals = value.indexOf('=');
        byKey.computeIfAbsent(equals < 0 ? value : value.substring(0, equals), key -> new ArrayList<>()).add(value);
      }
      byKey.forEach((key, values) -> {
        if (values.size() > 1) {
          throw new ParameterException(parsed.commandSpec().commandLine(), name + " gives key '" + key + "' "
              + values.size() + " times (" + String.join(", ", values) + "); give each key once");
        }
      });
    }
    for (String name : List.of("--local-search-steps", "--local-search-accept", "--local-search-train")) {
      if (parsed.hasMatchedOption(name) && localSearchLoops == 0) {
        throw new ParameterException(parsed.commandSpec().commandLine(), name + " applies to local search, but it is "
            + "off; add --local-search LOOPS (LOOPS > 0) or remove " + name);
      }
    }
    if (parsed.hasMatchedOption("--buffer-kind") && replayCapacity == 0) {
      throw new ParameterException(parsed.commandSpec().commandLine(), "--buffer-kind " + bufferKind
          + " applies to a replay buffer, but there is none; add --replay-buffer N (N > 0) or remove --buffer-kind");
    }
  }

  /** The run these options describe; validation of names and values happens when it is built. */
  RunSpec toSpec() {
    PluginChoice forward = new PluginChoice(policy, policyOptions());
    PluginChoice backward = uniformBackwardPolicy ? PluginChoice.of("uniform") : forward;
    TrainingConfig training = new TrainingConfig(iterations, batchSize, learningRate, logZLearningRate, weightDecay,
        new AdamSettings(0.9, 0.999, 1e-8, adamW, clipGradientNorm), new Exploration(epsilon, temperature, exitBias),
        new ReplayConfig(replayCapacity, ReplayConfig.Kind.of(bufferKind)), evalEvery, seed, NumericType.of(dtype),
        new ExplorationSchedule(Schedule.parse("--epsilon-schedule", epsilonSchedule),
            Schedule.parse("--temperature-schedule", temperatureSchedule)),
        new LocalSearchConfig(localSearchLoops, localSearchSteps, LocalSearchConfig.Acceptance.of(localSearchAccept),
            LocalSearchConfig.TrainedOn.of(localSearchTrain)));
    return new RunSpec(new PluginChoice(environment, environmentOptions), forward, backward,
        new PluginChoice(objective, objectiveOptions), new PluginChoice(reward, rewardOptions), training,
        sampledL1Samples, tied, prior == null ? null : java.nio.file.Path.of(prior).toAbsolutePath().toString(),
        evalConditions, modeThreshold);
  }

  private Map<String, String> policyOptions() {
    Map<String, String> options = new LinkedHashMap<>();
    if (hidden != null) {
      options.put("hidden", hidden.toString());
    }
    if (layers != null) {
      options.put("layers", layers.toString());
    }
    if (activation != null) {
      options.put("activation", activation);
    }
    options.putAll(extraPolicyOptions);
    return options;
  }
}
