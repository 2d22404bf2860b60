package org.gfn4j.onnx.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.core.optim.AdamSettings;
import org.gfn4j.core.plugin.PluginRegistry;
import org.gfn4j.core.run.PluginChoice;
import org.gfn4j.core.run.RunFactory;
import org.gfn4j.core.run.RunSpec;
import org.gfn4j.core.run.TrainingRun;
import org.gfn4j.core.train.TrainingConfig;

/**
 * Runs through the discovered plugins (HyperGrid and the other built-in environments, TB, mlp, and this module's
 * "onnx" plugins).
 */
public final class Runs {
  /** A factory over every plugin on the test class path. */
  public static final RunFactory FACTORY = new RunFactory(PluginRegistry.discover());

  private Runs() {}

  /**
   * A TB run on HyperGrid {@code ndim x height} with an mlp PF (and PB unless {@code uniformPb}).
   *
   * @param reward the reward choice ("env" or a proxy)
   */
  public static RunSpec spec(int ndim, int height, int hidden, int layers, String activation, boolean uniformPb,
      PluginChoice reward, int iterations, int batchSize, long seed) {
    Map<String, String> mlp = new LinkedHashMap<>();
    mlp.put("hidden", Integer.toString(hidden));
    mlp.put("layers", Integer.toString(layers));
    mlp.put("activation", activation);
    PluginChoice policy = new PluginChoice("mlp", mlp);
    TrainingConfig training = new TrainingConfig(iterations, batchSize, 1e-3, 0.1, 0, AdamSettings.DEFAULTS,
        Exploration.NONE, 0, seed);
    return new RunSpec(new PluginChoice("hypergrid", Map.of("ndim", "" + ndim, "height", "" + height)), policy,
        uniformPb ? PluginChoice.of("uniform") : policy, PluginChoice.of("tb"), reward, training, 0);
  }

  /**
   * A run of {@code objective} on environment {@code environment} (its default parameters but {@code options}) with
   * mlp PF and PB of {@code layers} hidden layers of {@code hidden} units (relu).
   */
  public static RunSpec spec(String environment, Map<String, String> options, String objective, int hidden,
      int layers, int iterations, int batchSize, long seed) {
    return spec(environment, options, objective, Map.of(), hidden, layers, iterations, batchSize, seed);
  }

  /** Like {@link #spec(String, Map, String, int, int, int, int, long)} with more options of the "mlp" policy. */
  public static RunSpec spec(String environment, Map<String, String> options, String objective,
      Map<String, String> policyOptions, int hidden, int layers, int iterations, int batchSize, long seed) {
    Map<String, String> mlp = new LinkedHashMap<>(policyOptions);
    mlp.put("hidden", Integer.toString(hidden));
    mlp.put("layers", Integer.toString(layers));
    PluginChoice policy = new PluginChoice("mlp", mlp);
    TrainingConfig training = TrainingConfig.defaults(seed).withIterations(iterations).withBatchSize(batchSize)
        .withEvalEvery(0);
    return new RunSpec(new PluginChoice(environment, options), policy, policy, PluginChoice.of(objective),
        PluginChoice.of("env"), training, 0);
  }

  /** Builds and trains the run (listeners: none). */
  public static TrainingRun trained(RunSpec spec) {
    TrainingRun run = FACTORY.create(spec);
    run.trainer(List.of()).run();
    return run;
  }
}
