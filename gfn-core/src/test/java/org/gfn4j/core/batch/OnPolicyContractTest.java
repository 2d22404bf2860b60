package org.gfn4j.core.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.core.fixtures.Fixtures;
import org.gfn4j.core.fixtures.QuadraticObjective;
import org.gfn4j.core.model.GFlowNet;
import org.gfn4j.core.sampling.Sampler;
import org.gfn4j.core.train.GradientEvaluator;
import org.junit.jupiter.api.Test;

class OnPolicyContractTest {
  private final GFlowNet model = Fixtures.doubleModel(2);
  private final Sampler sampler = Sampler.of(model.environment(), model.forwardPolicy(), model.reward());

  @Test
  void samplingWithoutExploration_isOnPolicy_andRecordsThePolicysLogProbabilities() {
    TrainingBatch batch = sampler.sampleBatch(6, Exploration.NONE, new SplittableRandom(1));
    assertThat(batch).isInstanceOf(OnPolicyBatch.class);
    double[] recorded = batch.recordedLogPf();
    assertThat(recorded).hasSize(batch.trajectories().transitionCount());
    assertThat(java.util.Arrays.stream(recorded).boxed()).allMatch(v -> v <= 0);
    // the evaluator checks them against its own pass and accepts them
    new GradientEvaluator(model, new QuadraticObjective()).lossAndGradients(batch);
  }

  @Test
  void exploredSamples_areOffPolicy_andCarryNoLogProbabilities() {
    TrainingBatch tempered = sampler.sampleBatch(6, new Exploration(0, 2.0), new SplittableRandom(1));
    TrainingBatch mixed = sampler.sampleBatch(6, new Exploration(0.1, 1.0), new SplittableRandom(1));
    assertThat(tempered).isInstanceOf(OffPolicyBatch.class);
    assertThat(mixed).isInstanceOf(OffPolicyBatch.class);
    assertThat(java.util.Arrays.stream(tempered.recordedLogPf()).boxed()).allMatch(v -> v.isNaN());
  }

  @Test
  void aStaleOnPolicyBatch_isRejected() {
    TrainingBatch batch = sampler.sampleBatch(6, Exploration.NONE, new SplittableRandom(3));
    model.forwardPolicy().parameters().addi(0.5); // the parameters change after sampling
    assertThatThrownBy(() -> new GradientEvaluator(model, new QuadraticObjective()).lossAndGradients(batch))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("on-policy batch is stale");
  }

  @Test
  void mixedBatch_keepsRecordedValuesForTheFreshPartOnly() {
    OnPolicyBatch fresh = (OnPolicyBatch) sampler.sampleBatch(3, Exploration.NONE, new SplittableRandom(4));
    OffPolicyBatch replayed = new OffPolicyBatch(sampler.sample(2, Exploration.NONE, new SplittableRandom(5)));
    MixedBatch mixed = new MixedBatch(fresh, replayed);
    int freshTransitions = fresh.trajectories().transitionCount();
    double[] recorded = mixed.recordedLogPf();
    assertThat(mixed.trajectories().count()).isEqualTo(5);
    assertThat(recorded).hasSize(mixed.trajectories().transitionCount());
    for (int t = 0; t < recorded.length; t++) {
      assertThat(Double.isNaN(recorded[t])).isEqualTo(t >= freshTransitions);
    }
    assertThat(recorded[0]).isEqualTo(fresh.logPf()[0]);
  }
}
