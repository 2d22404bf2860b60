package org.gfn4j.onnx.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Masks;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.env.MaskedCategorical;
import org.gfn4j.core.backend.Nd4jBackend;
import org.gfn4j.core.model.GFlowNet;
import org.gfn4j.core.nn.Activation;
import org.gfn4j.core.nn.Mlp;
import org.gfn4j.core.run.PluginChoice;
import org.gfn4j.core.run.TrainingRun;
import org.gfn4j.onnx.testing.OrtRunner;
import org.gfn4j.onnx.testing.OrtRunner.Input;
import org.gfn4j.onnx.testing.Runs;
import org.gfn4j.onnx.testing.TestModels;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The exported graph, run by ONNX Runtime, computes what the ND4J estimators compute: logits and masked
 * log-probabilities of PF and PB, log F and log Z, on 2,000 random valid states of the 4x8 HyperGrid, for every
 * activation. Tolerance: 1e-5 absolute (float32 throughout; measured differences are printed).
 */
class PolicyExportParityTest {
  private static final int STATES = 2000;
  private static final double TOLERANCE = 1e-5;

  @TempDir
  Path folder;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"relu", "leaky_relu", "tanh", "elu"})
  void exportedGraph_matchesTheNd4jForwardPass(String activation) throws Exception {
    TrainingRun trained = Runs.trained(Runs.spec(4, 8, 64, 2, activation, false, PluginChoice.of("env"), 30, 16, 7));
    DiscreteEnvironment env = (DiscreteEnvironment) trained.model().environment();
    // add a state-flow head (as detailed balance trains one) so that every head of the exporter is compared
    Mlp logFlow = new Mlp(new int[] {env.encodingDim(), 48, 1}, Activation.of(activation), DataType.FLOAT,
        new SplittableRandom(3));
    GFlowNet model = new GFlowNet(env, trained.model().reward(), trained.model().forwardPolicy(),
        trained.model().backwardPolicy(), Optional.of(logFlow), Optional.empty(), true, trained.model().logZ());
    TrainingRun run = new TrainingRun(trained.spec(), model, trained.objective(), Optional.empty(), Optional.empty());
    Path file = folder.resolve("policy.onnx");
    ExportMetadata metadata = PolicyExporter.write(file, run, 30);
    assertThat(metadata.heads()).containsExactly("pf", "pb", "log_f", "log_z");

    DiscreteStates states = randomStates(env, new SplittableRandom(11));
    int width = env.actionCount();
    float[] features = new float[STATES * env.encodingDim()];
    env.encode(states, features);
    Input statesInput = Input.floats(PolicyExporter.STATES, features, STATES, env.encodingDim());

    // the file as shipped, masks left out: logits, log-softmax of the logits, log F, log Z
    Map<String, double[]> unmasked = OrtRunner.run(file, List.of(statesInput));
    assertThat(unmasked.keySet()).containsExactly("logits", "log_probs", "pb_logits", "pb_log_probs", "log_f",
        "log_z");
    double[] logits = predict(model.forwardPolicy(), features, env);
    double[] pbLogits = predict(model.backwardPolicy().orElseThrow(), features, env);
    report(activation, "logits", maxDifference(unmasked.get("logits"), logits));
    report(activation, "log_probs (no mask)", maxDifference(unmasked.get("log_probs"), logSoftmax(logits, width)));
    report(activation, "pb_logits", maxDifference(unmasked.get("pb_logits"), pbLogits));
    report(activation, "log_f", maxDifference(unmasked.get("log_f"), predict(logFlow, features, env)));
    assertThat(unmasked.get("log_z")).containsExactly((float) model.logZ());

    // the same graph with the masks fed (ONNX Runtime's Java API feeds graph inputs only: see TestModels)
    Path masked = TestModels.withRequiredInputs(file, folder.resolve("masked.onnx"), Set.of("mask", "pb_mask"));
    Masks forwardMasks = states.forwardMasks();
    Masks backwardMasks = states.backwardMasks();
    Map<String, double[]> withMasks = OrtRunner.run(masked, List.of(statesInput,
        Input.mask(PolicyExporter.MASK, forwardMasks), Input.mask(PolicyExporter.PB_MASK, backwardMasks)));
    report(activation, "log_probs (masked)", maxDifference(withMasks.get("log_probs"),
        maskedLogProbabilities(logits, forwardMasks, null)));
    // an initial state allows no backward action: PB is never evaluated there, and its row is left out
    report(activation, "pb_log_probs (masked)", maxDifference(withMasks.get("pb_log_probs"),
        maskedLogProbabilities(pbLogits, backwardMasks, states)));
  }

  private static DiscreteStates randomStates(DiscreteEnvironment env, SplittableRandom random) {
    int[] values = new int[STATES * env.stateDim()];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextInt(8);
    }
    return env.states(STATES, values);
  }

  private static double[] predict(Estimator estimator, float[] features, DiscreteEnvironment env) {
    return Nd4jBackend.toDoubles(estimator.predict(Nd4jBackend.matrix(features, STATES, env.encodingDim())));
  }

  private static double[] logSoftmax(double[] logits, int width) {
    double[] out = new double[logits.length];
    for (int row = 0; row < logits.length / width; row++) {
      double max = Double.NEGATIVE_INFINITY;
      for (int a = 0; a < width; a++) {
        max = Math.max(max, logits[row * width + a]);
      }
      double sum = 0;
      for (int a = 0; a < width; a++) {
        sum += Math.exp(logits[row * width + a] - max);
      }
      for (int a = 0; a < width; a++) {
        out[row * width + a] = logits[row * width + a] - max - Math.log(sum);
      }
    }
    return out;
  }

  /** The sampler's masked log-softmax per row; rows of initial states (when given) are NaN: not compared. */
  private static double[] maskedLogProbabilities(double[] logits, Masks masks, DiscreteStates skipInitial) {
    int width = masks.width();
    double[] out = new double[logits.length];
    double[] row = new double[width];
    for (int r = 0; r < masks.rows(); r++) {
      if (skipInitial != null && skipInitial.isInitial(r)) {
        java.util.Arrays.fill(out, r * width, (r + 1) * width, Double.NaN);
        continue;
      }
      MaskedCategorical.logProbabilities(logits, masks, r, 1.0, row);
      System.arraycopy(row, 0, out, r * width, width);
    }
    return out;
  }

  /**
   * The largest absolute difference over entries both finite; fails if one side is {@code -inf} where the other
   * is not (a masked action), or if an expected entry is compared with NaN.
   */
  private static double maxDifference(double[] onnx, double[] nd4j) {
    assertThat(onnx).hasSameSizeAs(nd4j);
    double max = 0;
    int infinite = 0;
    for (int i = 0; i < onnx.length; i++) {
      if (Double.isNaN(nd4j[i])) {
        continue;
      }
      if (nd4j[i] == Double.NEGATIVE_INFINITY || onnx[i] == Double.NEGATIVE_INFINITY) {
        assertThat(onnx[i]).as("entry %d", i).isEqualTo(nd4j[i]);
        infinite++;
        continue;
      }
      assertThat(onnx[i]).as("entry %d", i).isFinite();
      max = Math.max(max, Math.abs(onnx[i] - nd4j[i]));
    }
    if (infinite > 0) {
      assertThat(infinite).isLessThan(onnx.length);
    }
    return max;
  }

  private static void report(String activation, String output, double difference) {
    System.out.printf("parity %-10s %-22s max |onnx - nd4j| = %.3g%n", activation, output, difference);
    assertThat(difference).as("%s %s", activation, output).isLessThanOrEqualTo(TOLERANCE);
  }
}
