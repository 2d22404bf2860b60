package org.gfn4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.core.concurrent.SideThread;
import org.gfn4j.core.fixtures.Fixtures;
import org.gfn4j.core.fixtures.QuadraticObjective;
import org.gfn4j.core.model.GFlowNet;
import org.gfn4j.core.sampling.Sampler;
import org.gfn4j.testkit.ParameterGradients;
import org.junit.jupiter.api.Test;

class GradientEvaluatorTest {
  @Test
  void gradients_throughLogSoftmaxAndBothPolicies_matchFiniteDifferences() {
    GFlowNet model = Fixtures.doubleModel(3);
    Trajectories batch = Sampler.of(model.environment(), model.forwardPolicy(), model.reward())
        .sample(6, new Exploration(0.5, 1.0), new SplittableRandom(5));
    GradientEvaluator evaluator = new GradientEvaluator(model, new QuadraticObjective());
    evaluator.lossAndGradients(batch);
    double[] pf = model.forwardPolicy().gradients().toDoubleVector();
    double[] pb = model.backwardPolicy().orElseThrow().gradients().toDoubleVector();
    double logZGradient = model.logZGradient().getDouble(0);
    checkAgainstFiniteDifferences(model.forwardPolicy(), pf, evaluator, batch);
    checkAgainstFiniteDifferences(model.backwardPolicy().orElseThrow(), pb, evaluator, batch);
    double z = model.logZ();
    double h = 1e-2; // log Z is float32; the loss is quadratic in log Z, so a wide step is exact
    model.setLogZ(z + h);
    double plus = evaluator.lossAndGradients(batch);
    model.setLogZ(z - h);
    double minus = evaluator.lossAndGradients(batch);
    assertThat(logZGradient).isCloseTo((plus - minus) / (2 * h), within(1e-5));
  }

  @Test
  void backwardPolicyOnTheSideThread_givesTheSequentialLossAndGradients() {
    GFlowNet model = Fixtures.doubleModel(4);
    Trajectories batch = Sampler.of(model.environment(), model.forwardPolicy(), model.reward())
        .sample(100, new Exploration(0.5, 1.0), new SplittableRandom(6));
    assertThat(batch.transitionCount()).as("enough transitions for the side thread")
        .isGreaterThanOrEqualTo(GradientEvaluator.SIDE_THREAD_MIN_ROWS);
    GradientEvaluator evaluator = new GradientEvaluator(model, new QuadraticObjective());
    double besideLoss = evaluator.lossAndGradients(batch);
    double[] besidePf = model.forwardPolicy().gradients().toDoubleVector();
    double[] besidePb = model.backwardPolicy().orElseThrow().gradients().toDoubleVector();
    double sequentialLoss;
    String previous = System.getProperty(SideThread.PROPERTY);
    System.setProperty(SideThread.PROPERTY, "false");
    try {
      sequentialLoss = evaluator.lossAndGradients(batch);
    } finally {
      if (previous == null) {
        System.clearProperty(SideThread.PROPERTY);
      } else {
        System.setProperty(SideThread.PROPERTY, previous);
      }
    }
    assertThat(besideLoss).isEqualTo(sequentialLoss);
    assertThat(besidePf).containsExactly(model.forwardPolicy().gradients().toDoubleVector());
    assertThat(besidePb).containsExactly(model.backwardPolicy().orElseThrow().gradients().toDoubleVector());
    assertThat(Arrays.stream(besidePb).anyMatch(g -> g != 0)).as("PB's gradient is not zero").isTrue();
  }

  @Test
  void onTheSideThreadItself_theEvaluationRunsSequentially_insteadOfWaitingForItself() throws Exception {
    GFlowNet model = Fixtures.doubleModel(4);
    Trajectories batch = Sampler.of(model.environment(), model.forwardPolicy(), model.reward())
        .sample(10, new Exploration(0.5, 1.0), new SplittableRandom(7));
    GradientEvaluator evaluator = new GradientEvaluator(model, new QuadraticObjective());
    double onCaller = evaluator.lossAndGradients(batch);
    assertThat(SideThread.enabled()).isEqualTo(Runtime.getRuntime().availableProcessors() > 1);
    double onSide = SideThread.join(SideThread.submit(() -> {
      assertThat(SideThread.enabled()).isFalse();
      return evaluator.lossAndGradients(batch);
    }));
    assertThat(onSide).isEqualTo(onCaller);
  }

  private static void checkAgainstFiniteDifferences(Estimator estimator, double[] analytic,
      GradientEvaluator evaluator, Trajectories batch) {
    ParameterGradients.assertMatchFiniteDifferences(estimator.describe(), estimator.parameters(), analytic,
        () -> evaluator.lossAndGradients(batch), 1e-6, 1e-6, 0, 0.25);
  }
}
