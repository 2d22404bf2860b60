package org.gfn4j.onnx.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.gfn4j.core.eval.Evaluation;
import org.gfn4j.core.run.PluginChoice;
import org.gfn4j.core.run.TrainingRun;
import org.gfn4j.core.train.TrainingResult;
import org.gfn4j.onnx.testing.Runs;
import org.junit.jupiter.api.Test;

/**
 * Trajectory balance trained against a proxy reward made outside gfn4j's Java code ({@code proxy_reward.onnx},
 * written by {@code make_proxy_reward.py} with the ONNX Python package) learns the proxy's normalised distribution.
 */
class ProxyRewardConvergenceTest {
  @Test
  void hyperGrid2x8_againstThePythonMadeProxy_reachesExactL1Below005() throws Exception {
    PluginChoice reward = new PluginChoice("onnx", Map.of("model", OnnxRewardTest.proxyModel().toString()));
    TrainingRun run = Runs.FACTORY.create(Runs.spec(2, 8, 256, 2, "relu", false, reward, 1000, 16, 1));
    assertThat(run.model().reward()).isInstanceOf(OnnxReward.class);

    // the exact evaluator's target is the proxy's normalised distribution: its log Z is that of numpy's rewards
    double partition = OnnxRewardTest.expectedProxyRewards().values().stream().mapToDouble(Double::doubleValue).sum();
    double logZTrue = run.exactEvaluator().orElseThrow().logZTrue();
    assertThat(logZTrue).isCloseTo(Math.log(partition), within(1e-6));

    TrainingResult result = run.trainer(List.of()).run();
    Evaluation evaluation = result.evaluation().orElseThrow();
    System.out.printf("proxy reward convergence: exact L1 %.4f, log Z %.4f (true %.4f)%n", evaluation.l1(),
        result.logZ(), logZTrue);
    assertThat(evaluation.l1()).isLessThan(0.05);
    assertThat(result.logZ()).isCloseTo(logZTrue, within(0.05));
  }
}
