package org.gfn4j.core.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import java.util.SplittableRandom;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.core.backend.Nd4jBackend;
import org.gfn4j.core.concurrent.SideThread;
import org.gfn4j.core.fixtures.Fixtures;
import org.gfn4j.core.fixtures.QuadraticObjective;
import org.gfn4j.core.fixtures.TinyGrid;
import org.gfn4j.core.model.GFlowNet;
import org.gfn4j.core.nn.Activation;
import org.gfn4j.core.nn.Mlp;
import org.gfn4j.core.reward.EnvironmentRewardProvider;
import org.gfn4j.core.sampling.Sampler;
import org.gfn4j.core.train.GradientEvaluator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A recorded batch has the trajectories of a plain one, and training on it (the sampler's PF and PB passes reused)
 * gives the loss and gradients of recomputing them, up to float rounding; with or without the side thread alike.
 */
class RecordedBatchTest {
  private static GFlowNet floatModel() {
    TinyGrid grid = new TinyGrid(5);
    SplittableRandom random = new SplittableRandom(7);
    Mlp pf = new Mlp(new int[] {grid.encodingDim(), 32, 32, 3}, Activation.RELU, DataType.FLOAT, random);
    Mlp pb = new Mlp(new int[] {grid.encodingDim(), 16, 2}, Activation.RELU, DataType.FLOAT, random);
    return new GFlowNet(grid, new EnvironmentRewardProvider().create(null, grid), pf, pb, 0.3);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, 0.3})
  void trainingOnARecordedBatch_matchesRecomputingThePasses(double epsilon) {
    GFlowNet model = floatModel();
    Sampler<?, ?> sampler = Sampler.of(model.environment(), model.forwardPolicy(), model.reward());
    Exploration exploration = new Exploration(epsilon, 1.0);
    TrainingBatch plain = sampler.sampleBatch(12, exploration, new SplittableRandom(3));
    TrainingBatch recorded = sampler.sampleRecordedBatch(12, exploration, new SplittableRandom(3),
        model.backwardPolicy());
    assertThat(recorded).isInstanceOf(RecordedBatch.class);
    assertThat(((RecordedBatch) recorded).sampled().getClass()).isEqualTo(plain.getClass());
    assertSameTrajectories(recorded.trajectories(), plain.trajectories());
    assertThat(recorded.recordedLogPf()).containsExactly(plain.recordedLogPf());

    GradientEvaluator evaluator = new GradientEvaluator(model, new QuadraticObjective());
    double plainLoss = evaluator.lossAndGradients(plain);
    double[] plainGradients = gradients(model);
    double recordedLoss = evaluator.lossAndGradients(recorded);
    double[] recordedGradients = gradients(model);
    assertThat(recordedLoss).isCloseTo(plainLoss, org.assertj.core.api.Assertions.within(1e-4 * Math.abs(plainLoss)));
    double scale = 0;
    for (double g : plainGradients) {
      scale = Math.max(scale, Math.abs(g));
    }
    assertThat(scale).isGreaterThan(0);
    for (int i = 0; i < plainGradients.length; i++) {
      assertThat(Math.abs(recordedGradients[i] - plainGradients[i])).as("gradient %d", i)
          .isLessThan(1e-4 * scale);
    }
  }

  @Test
  void theSideThread_changesNothing() {
    double[][] results = new double[2][];
    for (int run = 0; run < 2; run++) {
      String previous = System.getProperty(SideThread.PROPERTY);
      System.setProperty(SideThread.PROPERTY, run == 0 ? "true" : "false");
      try {
        GFlowNet model = floatModel();
        Sampler<?, ?> sampler = Sampler.of(model.environment(), model.forwardPolicy(), model.reward());
        TrainingBatch batch = sampler.sampleRecordedBatch(16, Exploration.NONE, new SplittableRandom(5),
            model.backwardPolicy());
        new GradientEvaluator(model, new QuadraticObjective()).lossAndGradients(batch);
        results[run] = gradients(model);
      } finally {
        if (previous == null) {
          System.clearProperty(SideThread.PROPERTY);
        } else {
          System.setProperty(SideThread.PROPERTY, previous);
        }
      }
    }
    assertThat(results[0]).containsExactly(results[1]);
  }

  @Test
  void aRecordedBatchTrainedOnAfterTheParametersChanged_isRejected() {
    GFlowNet model = floatModel();
    Sampler<?, ?> sampler = Sampler.of(model.environment(), model.forwardPolicy(), model.reward());
    TrainingBatch batch = sampler.sampleRecordedBatch(6, Exploration.NONE, new SplittableRandom(3), Optional.empty());
    assertThat(batch.recordedPasses().orElseThrow().backward()).isEmpty();
    model.forwardPolicy().parameters().addi(0.5);
    assertThatThrownBy(() -> new GradientEvaluator(model, new QuadraticObjective()).lossAndGradients(batch))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("stale");
  }

  @Test
  void aPolicyThatCannotRecord_getsAPlainBatch() {
    GFlowNet model = Fixtures.doubleModel(2); // float64 tanh MLPs
    Sampler<?, ?> sampler = Sampler.of(model.environment(), model.forwardPolicy(), model.reward());
    TrainingBatch batch = sampler.sampleRecordedBatch(6, Exploration.NONE, new SplittableRandom(3),
        model.backwardPolicy());
    assertThat(batch).isInstanceOf(OnPolicyBatch.class);
    assertThat(batch.recordedPasses()).isEmpty();
  }

  private static double[] gradients(GFlowNet model) {
    double[] pf = Nd4jBackend.toDoubles(model.forwardPolicy().gradients());
    double[] pb = Nd4jBackend.toDoubles(model.backwardPolicy().orElseThrow().gradients());
    double[] all = java.util.Arrays.copyOf(pf, pf.length + pb.length + 1);
    System.arraycopy(pb, 0, all, pf.length, pb.length);
    all[all.length - 1] = Nd4jBackend.toDoubles(model.logZGradient())[0];
    return all;
  }

  private static void assertSameTrajectories(Trajectories actual, Trajectories expected) {
    assertThat(actual.count()).isEqualTo(expected.count());
    assertThat(actual.transitionCount()).isEqualTo(expected.transitionCount());
    assertThat(actual.logRewards()).containsExactly(expected.logRewards());
    for (int t = 0; t < expected.transitionCount(); t++) {
      assertThat(actual.isExit(t)).isEqualTo(expected.isExit(t));
    }
  }
}
