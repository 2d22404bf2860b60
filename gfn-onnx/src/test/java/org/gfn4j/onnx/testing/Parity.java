package org.gfn4j.onnx.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.SplittableRandom;
import org.gfn4j.api.env.StepEnvironment;
import org.gfn4j.core.model.GFlowNet;
import org.gfn4j.core.nn.Activation;
import org.gfn4j.core.nn.Mlp;
import org.gfn4j.core.run.TrainingRun;
import org.gfn4j.core.sampling.Features;
import org.nd4j.linalg.api.buffer.DataType;

/** What the export parity tests share: comparing ONNX Runtime's outputs with ND4J's, and adding a state flow. */
public final class Parity {
  private Parity() {}

  /**
   * {@code run} with a freshly initialised state-flow mlp added (as detailed balance trains one), so that every
   * part of the exporter is compared; the other parts are {@code run}'s own.
   */
  public static TrainingRun withStateFlow(TrainingRun run, long seed) {
    GFlowNet trained = run.model();
    StepEnvironment<?, ?> env = trained.environment();
    Mlp logFlow = new Mlp(new int[] {Features.width(env), 48, 1}, Activation.TANH, DataType.FLOAT,
        new SplittableRandom(seed));
    GFlowNet model = GFlowNet.builder(env, trained.reward(), trained.forwardPolicy())
        .backwardPolicy(trained.backwardPolicy())
        .logFlow(Optional.of(logFlow))
        .learnsLogZ(trained.learnsLogZ() && trained.logZEstimator().isEmpty())
        .initialLogZ(trained.logZ())
        .logZEstimator(trained.logZEstimator())
        .build();
    return new TrainingRun(run.spec(), model, run.objective(), Optional.empty(), Optional.empty());
  }

  /**
   * {@code run} with its PF and PB replaced by freshly initialised plain mlps over {@code [encoding, condition]}
   * (for a conditional environment, the mlp provider's default is a conditional mlp with two trunks instead).
   */
  public static TrainingRun withPlainMlps(TrainingRun run, long seed) {
    GFlowNet trained = run.model();
    StepEnvironment<?, ?> env = trained.environment();
    SplittableRandom random = new SplittableRandom(seed);
    Mlp forward = new Mlp(new int[] {Features.width(env), 64, 64, env.forwardHead().outputDim()}, Activation.ELU,
        DataType.FLOAT, random);
    Mlp backward = new Mlp(new int[] {Features.width(env), 32, env.backwardHead().outputDim()}, Activation.RELU,
        DataType.FLOAT, random);
    GFlowNet model = GFlowNet.builder(env, trained.reward(), forward)
        .backwardPolicy(Optional.of(backward))
        .logFlow(trained.logFlow())
        .learnsLogZ(trained.learnsLogZ() && trained.logZEstimator().isEmpty())
        .initialLogZ(trained.logZ())
        .logZEstimator(trained.logZEstimator())
        .build();
    return new TrainingRun(run.spec(), model, run.objective(), Optional.empty(), Optional.empty());
  }

  /**
   * The largest absolute difference over entries where the expected value is not NaN; fails if one side is
   * {@code -inf} where the other is not (a masked action), or if an ONNX entry compared is not finite.
   */
  public static double maxDifference(double[] onnx, double[] nd4j) {
    assertThat(onnx).hasSameSizeAs(nd4j);
    double max = 0;
    for (int i = 0; i < onnx.length; i++) {
      if (Double.isNaN(nd4j[i])) {
        continue;
      }
      if (nd4j[i] == Double.NEGATIVE_INFINITY || onnx[i] == Double.NEGATIVE_INFINITY) {
        assertThat(onnx[i]).as("entry %d", i).isEqualTo(nd4j[i]);
        continue;
      }
      assertThat(onnx[i]).as("entry %d", i).isFinite();
      max = Math.max(max, Math.abs(onnx[i] - nd4j[i]));
    }
    return max;
  }

  /** Prints the difference of {@code output} in {@code test} and checks it is at most {@code tolerance}. */
  public static void report(String test, String output, double difference, double tolerance) {
    System.out.printf("parity %-22s %-24s max |onnx - nd4j| = %.3g%n", test, output, difference);
    assertThat(difference).as("%s %s", test, output).isLessThanOrEqualTo(tolerance);
  }
}
