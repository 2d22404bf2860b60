package org.gfn4j.onnx.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.gfn4j.api.env.Conditions;
import org.gfn4j.api.env.ContinuousEnvironment;
import org.gfn4j.api.env.ContinuousStates;
import org.gfn4j.api.env.PolicyHead;
import org.gfn4j.api.env.VectorActions;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.core.model.GFlowNet;
import org.gfn4j.core.run.TrainingRun;
import org.gfn4j.core.sampling.Features;
import org.gfn4j.onnx.testing.OrtRunner;
import org.gfn4j.onnx.testing.OrtRunner.Input;
import org.gfn4j.onnx.testing.Parity;
import org.gfn4j.onnx.testing.Runs;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The export of a continuous GFlowNet ("box": Beta-mixture heads of 13 outputs; "line": Gaussian step heads of 2),
 * briefly trained with TB (a fresh state flow added), run by ONNX Runtime on 2,000 random states, computes what
 * the ND4J model computes: the raw head outputs of PF and PB (tolerance 1e-5), log F and log Z; and the heads'
 * log-probabilities of actions sampled by the ND4J policy are the same from either side's outputs (tolerance
 * 1e-4; measured differences are printed).
 */
class ContinuousExportParityTest {
  private static final int ROWS = 2000;
  private static final double TOLERANCE = 1e-5;
  private static final double LOG_PROBABILITY_TOLERANCE = 1e-4;

  @TempDir
  Path folder;

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"box", "line"})
  void continuousGraph_outputsTheHeadParameters_andMatchesTheNd4jModel(String environment) throws Exception {
    TrainingRun trained = Runs.trained(Runs.spec(environment, Map.of(), "tb", 64, 2, 10, 16, 3));
    TrainingRun run = Parity.withStateFlow(trained, 4);
    GFlowNet model = run.model();
    ContinuousEnvironment env = (ContinuousEnvironment) model.environment();
    Path file = folder.resolve(environment + ".onnx");
    ExportMetadata metadata = PolicyExporter.write(file, run, 10);
    assertThat(metadata.kind()).isEqualTo(ExportMetadata.CONTINUOUS);
    assertThat(metadata.forwardHead()).isEqualTo(env.forwardHead().name());
    assertThat(metadata.forwardHeadDim()).isEqualTo(env.forwardHead().outputDim())
        .isEqualTo(environment.equals("box") ? 13 : 2);
    assertThat(metadata.heads()).containsExactly("pf", "pb", "log_f", "log_z");

    ContinuousStates states = randomStates(env, new SplittableRandom(17));
    float[] features = Features.of(states);
    Map<String, double[]> onnx = OrtRunner.run(file,
        List.of(Input.floats(PolicyExporter.STATES, features, ROWS, env.encodingDim())));
    assertThat(onnx.keySet()).containsExactly("head_outputs", "pb_head_outputs", "log_f", "log_z");
    double[] outputs = model.forwardPolicy().predict(features, ROWS);
    double[] pbOutputs = model.backwardPolicy().orElseThrow().predict(features, ROWS);
    Parity.report(environment, "head_outputs", Parity.maxDifference(onnx.get("head_outputs"), outputs), TOLERANCE);
    Parity.report(environment, "pb_head_outputs", Parity.maxDifference(onnx.get("pb_head_outputs"), pbOutputs),
        TOLERANCE);
    Parity.report(environment, "log_f", Parity.maxDifference(onnx.get("log_f"),
        model.logFlow().orElseThrow().predict(features, ROWS)), TOLERANCE);
    assertThat(onnx.get("log_z")).containsExactly((float) model.logZ());

    // the forward head reads either side's outputs alike: log-probabilities of actions the ND4J policy samples
    PolicyHead<ContinuousStates, VectorActions> forward = env.forwardHead();
    VectorActions actions = forward.sample(states, outputs, Exploration.NONE, new SplittableRandom(23)).actions();
    double[] fromOnnx = forward.logProbabilities(states, onnx.get("head_outputs"), actions).values();
    double[] fromNd4j = forward.logProbabilities(states, outputs, actions).values();
    Parity.report(environment, "forward log-probability", Parity.maxDifference(fromOnnx, fromNd4j),
        LOG_PROBABILITY_TOLERANCE);

    // and so does the backward head, at the states that have a parent
    int[] withParent = IntStream.range(0, ROWS).filter(row -> !states.isInitial(row)).toArray();
    ContinuousStates children = states.select(withParent);
    double[] pbNd4j = rows(pbOutputs, withParent, env.backwardHead().outputDim());
    double[] pbOnnx = rows(onnx.get("pb_head_outputs"), withParent, env.backwardHead().outputDim());
    PolicyHead<ContinuousStates, VectorActions> backward = env.backwardHead();
    VectorActions backwardActions = backward.sample(children, pbNd4j, Exploration.NONE, new SplittableRandom(29))
        .actions();
    Parity.report(environment, "backward log-probability", Parity.maxDifference(
        backward.logProbabilities(children, pbOnnx, backwardActions).values(),
        backward.logProbabilities(children, pbNd4j, backwardActions).values()), LOG_PROBABILITY_TOLERANCE);
  }

  /**
   * Random states: one row in ten initial; box: points of the unit square; line: {@code [x, t]} with {@code t} in
   * 1..n_steps and x of spread 3 around the initial value 0.
   */
  private static ContinuousStates randomStates(ContinuousEnvironment env, SplittableRandom random) {
    int dim = env.stateDim();
    double[] values = new double[ROWS * dim];
    boolean[] initial = new boolean[ROWS];
    int nSteps = env.name().equals("line") ? Integer.parseInt(env.parameters().asStrings().get("n_steps")) : 0;
    for (int row = 0; row < ROWS; row++) {
      initial[row] = random.nextInt(10) == 0;
      if (initial[row]) {
        continue; // box: the origin; line: [init_value 0, t 0]
      }
      if (env.name().equals("box")) {
        values[row * dim] = random.nextDouble();
        values[row * dim + 1] = random.nextDouble();
      } else {
        values[row * dim] = 3 * (2 * random.nextDouble() - 1);
        values[row * dim + 1] = 1 + random.nextInt(nSteps);
      }
    }
    return new ContinuousStates(env, ROWS, values, initial, Conditions.none(ROWS));
  }

  private static double[] rows(double[] matrix, int[] rows, int width) {
    double[] selected = new double[rows.length * width];
    for (int i = 0; i < rows.length; i++) {
      System.arraycopy(matrix, rows[i] * width, selected, i * width, width);
    }
    return selected;
  }
}
