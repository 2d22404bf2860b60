package org.gfn4j.onnx.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.gfn4j.api.env.Conditions;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.MaskedCategorical;
import org.gfn4j.api.env.Masks;
import org.gfn4j.core.model.GFlowNet;
import org.gfn4j.core.nn.ConditionalMlp;
import org.gfn4j.core.nn.Mlp;
import org.gfn4j.core.run.TrainingRun;
import org.gfn4j.core.sampling.Features;
import org.gfn4j.onnx.testing.OrtRunner;
import org.gfn4j.onnx.testing.OrtRunner.Input;
import org.gfn4j.onnx.testing.Parity;
import org.gfn4j.onnx.testing.Runs;
import org.gfn4j.onnx.testing.TestModels;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The export of a conditional GFlowNet (conditional-hypergrid 3x6, condition width 1, briefly trained with TB: PF,
 * PB and log Z an mlp of the condition; a fresh state flow added), run by ONNX Runtime on 2,000 random (state,
 * condition) rows, computes what the ND4J model computes: logits and masked log-probabilities of PF and PB, log F
 * and log Z(c). PF and PB are the mlp provider's conditional mlps (state and condition trunks, "trunks"), or
 * fresh plain mlps over {@code [encoding, condition]} ("input"). Tolerance: 1e-5 absolute (float32 throughout;
 * measured differences are printed).
 */
class ConditionalExportParityTest {
  private static final int ROWS = 2000;
  private static final double TOLERANCE = 1e-5;

  @TempDir
  Path folder;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"trunks", "input"})
  void conditionalGraph_readsTheConditions_andMatchesTheNd4jModel(String conditioning) throws Exception {
    TrainingRun trained = Runs.trained(Runs.spec("conditional-hypergrid", Map.of("ndim", "3", "height", "6"), "tb",
        Map.of("conditioning", "trunks"), 64, 2, 20, 16, 5));
    TrainingRun run = Parity.withStateFlow(conditioning.equals("input") ? Parity.withPlainMlps(trained, 9) : trained,
        3);
    GFlowNet model = run.model();
    assertThat(model.forwardPolicy()).isInstanceOf(conditioning.equals("input") ? Mlp.class : ConditionalMlp.class);
    DiscreteEnvironment env = (DiscreteEnvironment) model.environment();
    assertThat(env.conditionDim()).isEqualTo(1);
    Path file = folder.resolve("conditional.onnx");
    ExportMetadata metadata = PolicyExporter.write(file, run, 20);
    assertThat(metadata.kind()).isEqualTo(ExportMetadata.DISCRETE);
    assertThat(metadata.conditionDim()).isEqualTo(1);
    assertThat(metadata.heads()).containsExactly("pf", "pb", "log_f", "log_z");
    assertThat(metadata.logZ()).isNaN(); // log Z is an estimator of the condition, in the graph

    SplittableRandom random = new SplittableRandom(11);
    int[] values = new int[ROWS * env.stateDim()];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextInt(6);
    }
    double[] c = new double[ROWS];
    for (int row = 0; row < ROWS; row++) {
      c[row] = random.nextDouble();
    }
    Conditions conditions = Conditions.of(ROWS, 1, c);
    DiscreteStates states = new DiscreteStates(env, ROWS, values, conditions);
    float[] encoded = new float[ROWS * env.encodingDim()];
    env.encode(states, encoded);
    float[] features = Features.of(states);
    List<Input> inputs = List.of(Input.floats(PolicyExporter.STATES, encoded, ROWS, env.encodingDim()),
        Input.floats(PolicyExporter.CONDITIONS, Features.of(conditions), ROWS, 1));

    Map<String, double[]> unmasked = OrtRunner.run(file, inputs);
    assertThat(unmasked.keySet()).containsExactly("logits", "log_probs", "pb_logits", "pb_log_probs", "log_f",
        "log_z");
    double[] logits = model.forwardPolicy().predict(features, ROWS);
    double[] pbLogits = model.backwardPolicy().orElseThrow().predict(features, ROWS);
    String test = "conditional-hg " + conditioning;
    Parity.report(test, "logits", Parity.maxDifference(unmasked.get("logits"), logits), TOLERANCE);
    Parity.report(test, "pb_logits", Parity.maxDifference(unmasked.get("pb_logits"), pbLogits), TOLERANCE);
    Parity.report(test, "log_f", Parity.maxDifference(unmasked.get("log_f"),
        model.logFlow().orElseThrow().predict(features, ROWS)), TOLERANCE);
    double[] logZ = model.logZ(conditions);
    assertThat(unmasked.get("log_z")).hasSize(ROWS);
    Parity.report(test, "log_z", Parity.maxDifference(unmasked.get("log_z"), logZ), TOLERANCE);
    // the log Z estimator does depend on the condition: the rows differ
    assertThat(Arrays.stream(logZ).max().orElseThrow() - Arrays.stream(logZ).min().orElseThrow()).isPositive();

    // with the real masks fed (ONNX Runtime's Java API feeds graph inputs only: see TestModels)
    Path masked = TestModels.withRequiredInputs(file, folder.resolve("masked.onnx"), Set.of("mask", "pb_mask"));
    Masks forwardMasks = states.forwardMasks();
    Masks backwardMasks = states.backwardMasks();
    Map<String, double[]> withMasks = OrtRunner.run(masked, List.of(inputs.get(0), inputs.get(1),
        Input.mask(PolicyExporter.MASK, forwardMasks), Input.mask(PolicyExporter.PB_MASK, backwardMasks)));
    Parity.report(test, "log_probs (masked)", Parity.maxDifference(withMasks.get("log_probs"),
        maskedLogProbabilities(logits, forwardMasks, null)), TOLERANCE);
    Parity.report(test, "pb_log_probs (masked)", Parity.maxDifference(withMasks.get("pb_log_probs"),
        maskedLogProbabilities(pbLogits, backwardMasks, states)), TOLERANCE);
  }

  /** The sampler's masked log-softmax per row; rows of initial states (when given) are NaN: not compared. */
  private static double[] maskedLogProbabilities(double[] logits, Masks masks, DiscreteStates skipInitial) {
    int width = masks.width();
    double[] out = new double[logits.length];
    double[] row = new double[width];
    for (int r = 0; r < masks.rows(); r++) {
      if (skipInitial != null && skipInitial.isInitial(r)) {
        Arrays.fill(out, r * width, (r + 1) * width, Double.NaN);
        continue;
      }
      MaskedCategorical.logProbabilities(logits, masks, r, 1.0, row);
      System.arraycopy(row, 0, out, r * width, width);
    }
    return out;
  }
}
