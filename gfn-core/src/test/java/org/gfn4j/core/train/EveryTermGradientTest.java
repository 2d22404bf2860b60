package org.gfn4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.objective.Term;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.core.fixtures.EveryTermObjective;
import org.gfn4j.core.fixtures.TinyGrid;
import org.gfn4j.core.model.GFlowNet;
import org.gfn4j.core.nn.Activation;
import org.gfn4j.core.nn.Mlp;
import org.gfn4j.core.nn.TiedMlps;
import org.gfn4j.core.reward.EnvironmentRewardProvider;
import org.gfn4j.core.sampling.Sampler;
import org.gfn4j.testkit.ParameterGradients;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The trainer computes every {@link org.gfn4j.api.objective.Term} and back-propagates its gradient correctly:
 * the gradient of a loss that reads all of them matches finite differences for every parameter of PF, PB and
 * log F, separate or sharing a tied trunk.
 */
class EveryTermGradientTest {
  private final TinyGrid grid = new TinyGrid(4);

  private GFlowNet separateModel(SplittableRandom random) {
    Mlp pf = new Mlp(new int[] {8, 6, 3}, Activation.TANH, DataType.DOUBLE, random);
    Mlp pb = new Mlp(new int[] {8, 5, 2}, Activation.ELU, DataType.DOUBLE, random);
    Mlp logF = new Mlp(new int[] {8, 4, 1}, Activation.TANH, DataType.DOUBLE, random);
    Mlp prior = new Mlp(new int[] {8, 3}, Activation.RELU, DataType.DOUBLE, random);
    Mlp value = new Mlp(new int[] {8, 4, 2}, Activation.TANH, DataType.DOUBLE, random);
    return GFlowNet.builder(grid, new EnvironmentRewardProvider().create(null, grid), pf)
        .backwardPolicy(Optional.of(pb)).logFlow(Optional.of(logF)).prior(Optional.of(prior)).learnsLogZ(true).initialLogZ(0.2)
        .extraOutput(VALUE.key(), value).build();
  }

  /** An open term: an extra estimator output the trainer knows only by its key. */
  private static final Term VALUE = Term.estimatorOutput("value", 2);

  private GFlowNet tiedModel(SplittableRandom random) {
    List<Estimator> heads = TiedMlps.create(8, 6, 2, Activation.TANH, new int[] {3, 2, 1}, DataType.DOUBLE, random);
    Mlp prior = new Mlp(new int[] {8, 3}, Activation.RELU, DataType.DOUBLE, random);
    return new GFlowNet(grid, new EnvironmentRewardProvider().create(null, grid), heads.get(0),
        Optional.of(heads.get(1)), Optional.of(heads.get(2)), Optional.of(prior), true, 0.2);
  }

  @Test
  void separateEstimators_andAnOpenTerm_gradientsMatchFiniteDifferences() {
    GFlowNet model = separateModel(new SplittableRandom(3));
    assertThat(model.trainedEstimators()).containsKeys("pf", "pb", "log_f", "value");
    check(model, new EveryTermObjective(List.of(VALUE)));
  }

  @Test
  void tiedTrunk_gradientsMatchFiniteDifferences_andTheBufferIsOptimisedOnce() {
    GFlowNet model = tiedModel(new SplittableRandom(4));
    assertThat(model.trainedEstimators()).containsOnlyKeys("pf");
    assertThat(model.parameterGroups(1e-3, 0.1, 0)).extracting(g -> g.name()).containsExactly("pf", "log_z");
    check(model, new EveryTermObjective());
  }

  private void check(GFlowNet model, EveryTermObjective objective) {
    Trajectories batch = Sampler.of(grid, model.forwardPolicy(), model.reward())
        .sample(5, new Exploration(0.5, 1.0), new SplittableRandom(8));
    GradientEvaluator evaluator = new GradientEvaluator(model, objective);
    evaluator.lossAndGradients(batch);
    java.util.Map<Estimator, double[]> gradients = new java.util.IdentityHashMap<>();
    model.trainedEstimators().values().forEach(e -> gradients.put(e, e.gradients().toDoubleVector()));
    for (Estimator estimator : model.trainedEstimators().values()) {
      ParameterGradients.assertMatchFiniteDifferences(estimator.describe(), estimator.parameters(),
          gradients.get(estimator), () -> evaluator.lossAndGradients(batch), 1e-6, 1e-6, 1e-6, 0.5);
    }
  }
}
