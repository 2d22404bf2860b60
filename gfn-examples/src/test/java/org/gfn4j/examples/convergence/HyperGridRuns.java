package org.gfn4j.examples.convergence;

import java.util.List;
import java.util.Map;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.core.optim.AdamSettings;
import org.gfn4j.core.plugin.PluginRegistry;
import org.gfn4j.core.run.PluginChoice;
import org.gfn4j.core.run.RunFactory;
import org.gfn4j.core.run.RunSpec;
import org.gfn4j.core.train.TrainingConfig;
import org.gfn4j.core.train.TrainingResult;

/** HyperGrid runs with torchgfn's settings (TB, MLP 256x2, Adam lr 1e-3 / lr_Z 0.1), through the plugin SPI. */
final class HyperGridRuns {
  static final RunFactory FACTORY = new RunFactory(PluginRegistry.discover());

  private HyperGridRuns() {}

  static RunSpec spec(int ndim, int batch, int iterations, int evalEvery, long seed) {
    return spec(ndim, batch, iterations, 1e-3, false, evalEvery, seed);
  }

  static RunSpec spec(int ndim, int batch, int iterations, double learningRate, boolean uniformBackwardPolicy,
      int evalEvery, long seed) {
    return spec(Map.of("ndim", "" + ndim, "height", "8"), batch, iterations, learningRate, uniformBackwardPolicy,
        evalEvery, seed);
  }

  /** A run on the HyperGrid of these options ({@code ndim}, {@code height}, {@code reward}, ...). */
  static RunSpec spec(Map<String, String> gridOptions, int batch, int iterations, double learningRate,
      boolean uniformBackwardPolicy, int evalEvery, long seed) {
    return spec(gridOptions, batch, iterations, learningRate, uniformBackwardPolicy, Exploration.NONE, evalEvery,
        seed);
  }

  /** A run on the HyperGrid of these options that samples its training trajectories with {@code exploration}. */
  static RunSpec spec(Map<String, String> gridOptions, int batch, int iterations, double learningRate,
      boolean uniformBackwardPolicy, Exploration exploration, int evalEvery, long seed) {
    TrainingConfig training = new TrainingConfig(iterations, batch, learningRate, 0.1, 0, AdamSettings.DEFAULTS,
        exploration, evalEvery, seed);
    PluginChoice mlp = new PluginChoice("mlp", Map.of("hidden", "256", "layers", "2"));
    return new RunSpec(new PluginChoice("hypergrid", gridOptions), mlp,
        uniformBackwardPolicy ? PluginChoice.of("uniform") : mlp, PluginChoice.of("tb"), PluginChoice.of("env"),
        training, 0);
  }

  static TrainingResult train(RunSpec spec) {
    return FACTORY.create(spec).trainer(List.of()).run();
  }
}
