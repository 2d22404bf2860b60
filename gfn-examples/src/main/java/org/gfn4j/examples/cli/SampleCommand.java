package org.gfn4j.examples.cli;

import jakarta.inject.Inject;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.gfn4j.core.random.RandomStream;
import java.util.concurrent.Callable;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Environment;
import org.gfn4j.api.env.EnvironmentProvider;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.policy.EstimatorShape;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.api.policy.PolicyProvider;
import org.gfn4j.api.reward.RewardFunction;
import org.gfn4j.api.reward.RewardProvider;
import org.gfn4j.core.run.CheckpointStore;
import org.gfn4j.core.io.AtomicFiles;
import org.gfn4j.core.plugin.PluginRegistry;
import org.gfn4j.core.run.PluginChoice;
import org.gfn4j.core.sampling.Sampler;
import org.gfn4j.core.random.Seeds;
import org.gfn4j.onnx.export.ExportMetadata;
import org.gfn4j.onnx.policy.OnnxPolicyProvider;
import org.gfn4j.onnx.policy.PolicyFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gfn sample}: samples terminal objects from a policy file written by {@code gfn export}, with ONNX Runtime
 * (policy "onnx"): the environment is rebuilt from the file's metadata through the plugin registry, and each
 * sample is one CSV row (the terminal state's coordinates and its log-reward).
 */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Sample terminal objects from an ONNX policy written by 'gfn export' and write them as CSV "
        + "(coordinates s0, s1, ... and log_reward).",
    footer = {"%nExample:", "  gfn sample --onnx hg.onnx -n 1000 --seed 7 --out samples.csv"})
final class SampleCommand implements Callable<Integer> {
  private static final int CHUNK = 4096;

  private final PluginRegistry registry;

  @Spec
  private CommandSpec spec;

  @Option(names = "--onnx", required = true, paramLabel = "FILE", description = "Policy file written by 'gfn export'.")
  private Path model;

  @Option(names = {"-n", "--samples"}, defaultValue = "1000", paramLabel = "N",
      description = "Number of samples. Default: ${DEFAULT-VALUE}.")
  private int samples;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "The CSV file to write.")
  private Path out;

  @Option(names = "--seed", defaultValue = "1", description = "Seed of every random draw. Default: ${DEFAULT-VALUE}.")
  private long seed;

  @Option(names = "--reward", description = "Reward of the log_reward column (default: the one the policy was "
      + "trained against, recorded in the file).")
  private String reward;

  @Option(names = "--reward-opt", paramLabel = "KEY=VALUE", description = "Reward parameter, repeatable.")
  private Map<String, String> rewardOptions = new LinkedHashMap<>();

  @Option(names = "--verbose", description = "Show stack traces of errors.")
  private boolean verbose;

  @Inject
  SampleCommand(PluginRegistry registry) {
    this.registry = registry;
  }

  @Override
  public Integer call() throws Exception {
    if (samples < 1) {
      throw new IllegalArgumentException("the number of samples must be positive, got " + samples);
    }
    ExportMetadata metadata = PolicyFiles.readMetadata(model);
    DiscreteEnvironment environment = environment(metadata);
    RewardFunction rewardFunction = reward(metadata, environment);
    PolicyProvider onnx = registry.policy(OnnxPolicyProvider.NAME);
    Estimator policy = onnx.create(Parameters.parse("policy '" + onnx.name() + "'", onnx.parameters(),
        Map.of(OnnxPolicyProvider.MODEL, model.toString())),
        new EstimatorShape(environment.encodingDim(), environment.actionCount(), "pf"),
        Seeds.stream(seed, Seeds.FORWARD_POLICY));
    try {
      Sampler<DiscreteStates, ?> sampler = new Sampler<>(environment, policy, rewardFunction);
      RandomStream random = Seeds.stream(seed, Seeds.SAMPLING);
      AtomicFiles.write(out, stream -> {
        Writer csv = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
        StringBuilder header = new StringBuilder();
        for (int d = 0; d < environment.stateDim(); d++) {
          header.append('s').append(d).append(',');
        }
        csv.write(header.append("log_reward\n").toString());
        for (int done = 0; done < samples; done += CHUNK) {
          Trajectories batch = sampler.sample(Math.min(CHUNK, samples - done), Exploration.NONE, random);
          DiscreteStates terminals = (DiscreteStates) batch.terminalStates();
          for (int i = 0; i < terminals.size(); i++) {
            StringBuilder row = new StringBuilder();
            for (int d = 0; d < terminals.dim(); d++) {
              row.append(terminals.get(i, d)).append(',');
            }
            csv.write(row.append(format(batch.logReward(i))).append('\n').toString());
          }
        }
        csv.flush();
      });
    } finally {
      close(policy);
      close(rewardFunction);
    }
    spec.commandLine().getOut().println("sampled " + samples + " objects of '" + metadata.environment() + "' "
        + metadata.environmentParameters() + " from " + model + " (seed " + seed + "); wrote " + out);
    return 0;
  }

  private DiscreteEnvironment environment(ExportMetadata metadata) {
    EnvironmentProvider provider = registry.environment(metadata.environment());
    Environment created = provider.create(Parameters.parse("environment '" + provider.name() + "'",
        provider.parameters(), metadata.environmentParameters()));
    if (!(created instanceof DiscreteEnvironment environment)) {
      throw new IllegalArgumentException("environment '" + metadata.environment() + "' of " + model
          + " is not discrete; gfn sample samples discrete environments");
    }
    if (environment.encodingDim() != metadata.encodingDim() || !environment.encoding().equals(metadata.encoding())
        || environment.actionCount() != metadata.actionCount()) {
      throw new IllegalArgumentException(model + " was exported for states [N, " + metadata.encodingDim() + "] ("
          + metadata.encoding() + ") and " + metadata.actionCount() + " actions, but environment '"
          + environment.name() + "' with its recorded parameters now has [N, " + environment.encodingDim() + "] ("
          + environment.encoding() + ") and " + environment.actionCount() + " actions");
    }
    return environment;
  }

  private RewardFunction reward(ExportMetadata metadata, DiscreteEnvironment environment) {
    PluginChoice choice = reward != null ? new PluginChoice(reward, rewardOptions)
        : CheckpointStore.runSpecFromJson(metadata.runSpec(), "ONNX model " + model).reward();
    RewardProvider provider = registry.reward(choice.name());
    try {
      return provider.create(Parameters.parse("reward '" + provider.name() + "'", provider.parameters(),
          choice.options()), environment);
    } catch (IllegalArgumentException e) {
      if (reward != null) {
        throw e;
      }
      throw new IllegalArgumentException("the reward recorded in " + model + " ('" + choice.name() + "' "
          + choice.options() + ") cannot be rebuilt: " + e.getMessage() + "; choose one with --reward (e.g. "
          + "--reward env)", e);
    }
  }

  private static String format(double logReward) {
    return logReward == Double.NEGATIVE_INFINITY ? "-inf" : Double.toString(logReward);
  }

  private static void close(Object resource) throws Exception {
    if (resource instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }
}
