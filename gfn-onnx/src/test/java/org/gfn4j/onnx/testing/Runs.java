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

/** HyperGrid runs through the discovered plugins (HyperGrid, TB, mlp, and this module's "onnx" plugins). */
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

  /** Builds and trains the run (listeners: none). */
  public static TrainingRun trained(RunSpec spec) {
    TrainingRun run = FACTORY.create(spec);
    run.trainer(List.of()).run();
    return run;
  }
}
