package org.gfn4j.examples.convergence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.SplittableRandom;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.objective.Objective;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.core.model.GFlowNet;
import org.gfn4j.core.nn.Activation;
import org.gfn4j.core.nn.Mlp;
import org.gfn4j.core.plugin.PluginRegistry;
import org.gfn4j.core.sampling.Sampler;
import org.gfn4j.core.train.GradientEvaluator;
import org.gfn4j.testkit.ParameterGradients;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The gradient of the trajectory-balance loss with respect to every parameter of PF and PB, computed by the
 * objective's hand-written gradient, the masked log-softmax and the MLP backward pass, agrees with central
 * finite differences of the loss (double precision, HyperGrid 3x4).
 */
class TrajectoryBalanceGradientTest {
  private static final PluginRegistry PLUGINS = PluginRegistry.discover();

  private static Parameters parameters(String owner, java.util.List<org.gfn4j.api.param.ParameterSpec> specs,
      Map<String, String> raw) {
    return Parameters.parse(owner, specs, raw);
  }

  @ParameterizedTest
  @ValueSource(strings = {"squared", "shifted_cosh"})
  void tbGradients_matchFiniteDifferences(String residual) {
    var hypergridProvider = PLUGINS.environment("hypergrid");
    DiscreteEnvironment grid = (DiscreteEnvironment) hypergridProvider.create(parameters("hypergrid",
        hypergridProvider.parameters(), Map.of("ndim", "3", "height", "4")));
    var tbProvider = PLUGINS.objective("tb");
    Objective tb = tbProvider.create(parameters("tb", tbProvider.parameters(), Map.of("residual", residual)));
    SplittableRandom random = new SplittableRandom(11);
    Mlp pf = new Mlp(new int[] {grid.encodingDim(), 10, 10, grid.actionCount()}, Activation.RELU, DataType.DOUBLE,
        random);
    Mlp pb = new Mlp(new int[] {grid.encodingDim(), 8, grid.actionCount() - 1}, Activation.TANH, DataType.DOUBLE,
        random);
    var reward = PLUGINS.reward("env").create(Parameters.defaults("env", java.util.List.of()), grid);
    GFlowNet model = new GFlowNet(grid, reward, pf, pb, 0.5);
    Trajectories batch = Sampler.of(grid, pf, reward).sample(8, new Exploration(0.3, 1.0), new SplittableRandom(2));
    GradientEvaluator evaluator = new GradientEvaluator(model, tb);
    evaluator.lossAndGradients(batch);
    double[] pfGradient = pf.gradients().toDoubleVector();
    double[] pbGradient = pb.gradients().toDoubleVector();
    double logZGradient = model.logZGradient().getDouble(0);
    check(pf, pfGradient, evaluator, batch);
    check(pb, pbGradient, evaluator, batch);
    double h = 1e-2; // log Z is float32; TB is quadratic in log Z, so the central difference is exact
    double z = model.logZ();
    model.setLogZ(z + h);
    double plus = evaluator.lossAndGradients(batch);
    model.setLogZ(z - h);
    double minus = evaluator.lossAndGradients(batch);
    if (residual.equals("squared")) {
      assertThat(logZGradient).isCloseTo((plus - minus) / (2 * h), within(1e-4));
    }
  }

  private static void check(Estimator estimator, double[] analytic, GradientEvaluator evaluator, Trajectories batch) {
    ParameterGradients.assertMatchFiniteDifferences(estimator.describe(), estimator.parameters(), analytic,
        () -> evaluator.lossAndGradients(batch), 1e-6, 1e-6, 1e-5, 0.25);
  }
}
