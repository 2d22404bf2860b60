package org.gfn4j.core.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.Actions;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Masks;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.api.env.MaskedCategorical;
import org.gfn4j.core.run.CheckpointStore;
import org.gfn4j.core.fixtures.Fixtures;
import org.gfn4j.core.model.GFlowNet;
import org.gfn4j.core.nn.Activation;
import org.gfn4j.core.nn.Mlp;
import org.gfn4j.core.run.TrainingRun;
import org.gfn4j.core.sampling.Features;
import org.gfn4j.core.sampling.Sampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * {@code --dtype float64} runs estimators, log Z and Adam in double precision end to end: the loss the trainer
 * computes equals a reference computed independently in plain Java doubles (the MLP's layers from its weights,
 * the masked log-softmax, the objective) to 1e-12 relative, and a checkpoint keeps every bit.
 */
class Float64Test {
  @TempDir
  Path folder;

  private static TrainingRun run(NumericType type) {
    return Fixtures.factory().create(new org.gfn4j.core.run.RunSpec(Fixtures.spec(3, 5).environment(),
        Fixtures.spec(3, 5).forwardPolicy(), Fixtures.spec(3, 5).backwardPolicy(), Fixtures.spec(3, 5).objective(),
        Fixtures.spec(3, 5).reward(), Fixtures.spec(3, 5).training().withNumericType(type), 0));
  }

  @Test
  void float64Run_lossMatchesAnIndependentDoubleReferenceTo1em12() {
    TrainingRun run = run(NumericType.FLOAT64);
    GFlowNet model = run.model();
    assertThat(model.forwardPolicy().parameters().dataType()).isEqualTo(DataType.DOUBLE);
    assertThat(model.backwardPolicy().orElseThrow().parameters().dataType()).isEqualTo(DataType.DOUBLE);
    assertThat(model.logZParameter().dataType()).isEqualTo(DataType.DOUBLE);
    model.setLogZ(0.3141592653589793);
    Trajectories batch = Sampler.of(model.environment(), model.forwardPolicy(), model.reward())
        .sample(6, new Exploration(0.3, 1.0), new SplittableRandom(2));
    double loss = new GradientEvaluator(model, run.objective()).lossAndGradients(batch);

    double reference = referenceLoss(model, batch);
    assertThat(loss).isCloseTo(reference, within(1e-12 * Math.abs(reference)));
  }

  @Test
  void float32Run_differsFromTheDoubleReferenceAtFloatPrecision() {
    TrainingRun run = run(NumericType.FLOAT32);
    GFlowNet model = run.model();
    Trajectories batch = Sampler.of(model.environment(), model.forwardPolicy(), model.reward())
        .sample(6, new Exploration(0.3, 1.0), new SplittableRandom(2));
    double loss = new GradientEvaluator(model, run.objective()).lossAndGradients(batch);
    double reference = referenceLoss(model, batch);
    assertThat(Math.abs(loss - reference)).isGreaterThan(1e-12 * Math.abs(reference))
        .isLessThan(1e-4 * Math.abs(reference));
  }

  @Test
  void float64Checkpoint_reloadsEveryBit() {
    TrainingRun run = run(NumericType.FLOAT64);
    run.trainer(List.of()).run();
    CheckpointStore.save(folder, run, 3);
    TrainingRun loaded = CheckpointStore.load(folder, Fixtures.factory());
    assertThat(loaded.model().forwardPolicy().parameters().dataType()).isEqualTo(DataType.DOUBLE);
    assertThat(loaded.model().forwardPolicy().parameters().toDoubleVector())
        .containsExactly(run.model().forwardPolicy().parameters().toDoubleVector());
    assertThat(loaded.model().logZ()).isEqualTo(run.model().logZ());
  }

  /** The quadratic fixture objective from log-probabilities computed in plain Java doubles. */
  private static double referenceLoss(GFlowNet model, Trajectories batch) {
    DiscreteStates states = batch.discreteStates();
    double[] pf = javaForward((Mlp) model.forwardPolicy(), states);
    double[] pb = javaForward((Mlp) model.backwardPolicy().orElseThrow(), states);
    Masks forwardMasks = states.forwardMasks();
    Masks backwardMasks = states.backwardMasks();
    int actions = forwardMasks.width();
    int backward = backwardMasks.width();
    double[] row = new double[actions];
    double[] backRow = new double[backward];
    double loss = 0;
    for (int i = 0; i < batch.count(); i++) {
      double r = model.logZ() - batch.logReward(i);
      for (int t = batch.start(i); t < batch.end(i); t++) {
        MaskedCategorical.logProbabilities(pf, forwardMasks, t, 1.0, row);
        double logPb = 0;
        if (!batch.isExit(t)) {
          MaskedCategorical.logProbabilities(pb, backwardMasks, t + 1, 1.0, backRow);
          logPb = backRow[batch.action(t)];
        }
        r += (1 + 0.1 * (t % 3)) * row[batch.action(t)] - (1 - 0.2 * (t % 2)) * logPb;
      }
      loss += r * r / batch.count();
    }
    return loss;
  }

  /** The MLP's outputs at every state, layer by layer in plain Java doubles from its weights. */
  private static double[] javaForward(Mlp mlp, DiscreteStates states) {
    float[] features = Features.of(states);
    int rows = states.size();
    int[] sizes = mlp.sizes();
    double[] current = new double[rows * sizes[0]];
    for (int i = 0; i < current.length; i++) {
      current[i] = features[i];
    }
    for (int l = 0; l < mlp.layerCount(); l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      double[] w = mlp.weights(l).dup().data().asDouble();
      double[] b = mlp.bias(l).dup().data().asDouble();
      double[] next = new double[rows * out];
      for (int r = 0; r < rows; r++) {
        for (int o = 0; o < out; o++) {
          double sum = b[o];
          for (int k = 0; k < in; k++) {
            sum += current[r * in + k] * w[k * out + o];
          }
          next[r * out + o] = l + 1 < mlp.layerCount() ? activate(mlp.activation(), sum) : sum;
        }
      }
      current = next;
    }
    return current;
  }

  private static double activate(Activation activation, double x) {
    return switch (activation) {
      case RELU -> Math.max(0, x);
      case TANH -> Math.tanh(x);
      default -> throw new IllegalStateException("fixture uses relu or tanh, not " + activation);
    };
  }
}
