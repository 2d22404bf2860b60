package org.gfn4j.onnx.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.policy.EstimatorShape;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.api.policy.PolicyProvider;
import org.gfn4j.core.backend.Nd4jBackend;
import org.gfn4j.core.eval.Divergences;
import org.gfn4j.core.eval.ExactEvaluator;
import org.gfn4j.core.run.PluginChoice;
import org.gfn4j.core.run.TrainingRun;
import org.gfn4j.core.sampling.Sampler;
import org.gfn4j.onnx.export.PolicyExporter;
import org.gfn4j.onnx.reward.OnnxRewardTestAccess;
import org.gfn4j.onnx.testing.Runs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Policy "onnx": sampling from an exported file gives the ND4J policy's distribution; its checks and limits. */
class OnnxPolicyTest {
  private static final PolicyProvider PROVIDER = Runs.FACTORY.registry().policy("onnx");

  @TempDir
  static Path folder;

  private static TrainingRun run;
  private static Path exported;

  @BeforeAll
  static void trainAndExport() {
    // 3x8 HyperGrid (512 states), trained enough that the learned distribution is far from uniform
    run = Runs.trained(Runs.spec(3, 8, 64, 2, "relu", false, PluginChoice.of("env"), 150, 16, 5));
    exported = folder.resolve("policy.onnx");
    PolicyExporter.write(exported, run, 150);
  }

  private static Estimator open(Path model, EstimatorShape shape) {
    return PROVIDER.create(Parameters.parse("policy 'onnx'", PROVIDER.parameters(), Map.of("model", model.toString())),
        shape, new SplittableRandom(0));
  }

  private static EstimatorShape pf(DiscreteEnvironment env) {
    return new EstimatorShape(env.encodingDim(), env.actionCount(), "pf");
  }

  @Test
  void exactTerminalDistribution_equalsTheNd4jSamplers() {
    DiscreteEnvironment env = (DiscreteEnvironment) run.model().environment();
    ExactEvaluator evaluator = run.exactEvaluator().orElseThrow();
    Estimator onnx = open(exported, pf(env));
    assertThat(onnx).isInstanceOf(OnnxPolicy.class);
    double[] nd4j = evaluator.terminalDistribution(run.model().forwardPolicy());
    double[] fromOnnx = evaluator.terminalDistribution(onnx);
    double l1 = Divergences.l1(fromOnnx, nd4j);
    System.out.printf("exact terminal distribution: L1(onnx, nd4j) = %.3g; L1(nd4j, target) = %.3f%n", l1,
        Divergences.l1(nd4j, evaluator.targetDistribution()));
    assertThat(l1).isLessThan(1e-4);
    assertThat(java.util.Arrays.stream(fromOnnx).sum()).isCloseTo(1.0, within(1e-6));
    // not a trivial distribution: the trained policy is far from uniform over the 512 terminal states
    double[] uniform = new double[fromOnnx.length];
    java.util.Arrays.fill(uniform, 1.0 / uniform.length);
    assertThat(Divergences.l1(fromOnnx, uniform)).isGreaterThan(0.3);
    ((OnnxPolicy) onnx).close();
  }

  @Test
  void sampler_withTheOnnxPolicy_drawsWhatTheNd4jPolicyDraws_forTheSameSeed() {
    DiscreteEnvironment env = (DiscreteEnvironment) run.model().environment();
    try (OnnxPolicy onnx = (OnnxPolicy) open(exported, pf(env))) {
      Trajectories a = Sampler.of(env, run.model().forwardPolicy(), run.model().reward())
          .sample(5000, Exploration.NONE, new SplittableRandom(9));
      Trajectories b = Sampler.of(env, onnx, run.model().reward()).sample(5000, Exploration.NONE,
          new SplittableRandom(9));
      DiscreteStates ta = ((DiscreteStates) a.terminalStates());
      DiscreteStates tb = ((DiscreteStates) b.terminalStates());
      int same = 0;
      for (int i = 0; i < 5000; i++) {
        same += ta.sameState(i, tb, i) ? 1 : 0;
      }
      // logits agree to ~1e-7, so a draw differs only if it falls that close to a boundary
      assertThat(same).isGreaterThanOrEqualTo(4990);
    }
  }

  @Test
  void predict_returnsTheLogits_andTheBackwardHeadForRolePb() {
    DiscreteEnvironment env = (DiscreteEnvironment) run.model().environment();
    DiscreteStates states = env.states(3, new int[] {0, 0, 0, 1, 2, 3, 7, 7, 7});
    float[] features = new float[3 * env.encodingDim()];
    env.encode(states, features);
    INDArray input = Nd4jBackend.matrix(features, 3, env.encodingDim());
    try (OnnxPolicy pf = (OnnxPolicy) open(exported, pf(env));
        OnnxPolicy pb = (OnnxPolicy) open(exported, new EstimatorShape(env.encodingDim(), env.actionCount() - 1,
            "pb"))) {
      assertThat(pf.outputName()).isEqualTo("logits");
      assertThat(pb.outputName()).isEqualTo("pb_logits");
      assertThat(Nd4jBackend.toDoubles(pf.predict(input)))
          .containsExactly(Nd4jBackend.toDoubles(run.model().forwardPolicy().predict(input)), within(1e-5));
      assertThat(Nd4jBackend.toDoubles(pb.predict(input)))
          .containsExactly(Nd4jBackend.toDoubles(run.model().backwardPolicy().orElseThrow().predict(input)),
              within(1e-5));
      assertThat(pf.predict(features, 3)).as("on plain arrays, without ND4J")
          .containsExactly(Nd4jBackend.toDoubles(pf.predict(input)));
      assertThat(pf.predict(features, 2)).as("the first two rows of a longer array")
          .containsExactly(Arrays.copyOf(Nd4jBackend.toDoubles(pf.predict(input)), 2 * env.actionCount()));
      assertThatThrownBy(() -> pf.predict(features, 4))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("ONNX policy " + exported + " expects 4 x " + env.encodingDim() + " features, got "
              + features.length);
      assertThat(pf.parameters().length()).isZero();
      assertThatThrownBy(() -> pf.forward(input))
          .isInstanceOf(UnsupportedOperationException.class)
          .hasMessage("ONNX policy " + exported + " runs inference only (predict); it cannot be trained: train an mlp"
              + " policy and export it with 'gfn export'");
    }
  }

  @Test
  void inputWidthThatDoesNotFitTheEnvironment_isRefused() {
    assertThatThrownBy(() -> open(exported, new EstimatorShape(16, 4, "pf")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ONNX model " + exported + ": input 'states' is float [-1, 24] but the pf estimator needs float "
            + "[N, 16] (the environment's encoding)");
  }

  @Test
  void actionCountThatDoesNotFitTheEnvironment_isRefused() {
    assertThatThrownBy(() -> open(exported, new EstimatorShape(24, 5, "pf")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ONNX model " + exported + ": output 'logits' is float [-1, 4] but the pf estimator needs float "
            + "[N, 5] (one logit per action)");
  }

  @Test
  void backwardHeadOfAnExportWithoutOne_isRefused() {
    TrainingRun uniformPb = Runs.FACTORY.create(Runs.spec(2, 8, 8, 1, "relu", true, PluginChoice.of("env"), 0, 8, 1));
    Path file = folder.resolve("uniform-pb.onnx");
    PolicyExporter.write(file, uniformPb, 0);
    assertThatThrownBy(() -> open(file, new EstimatorShape(16, 2, "pb")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ONNX model " + file + " has no output 'pb_logits' for the pb estimator (its outputs are [logits,"
            + " log_probs, log_z]); it was exported without a trained backward policy");
  }

  @Test
  void missingFile_fileThatIsNotOnnx_andAModelThatIsNotAPolicy_areRefused() throws IOException {
    Path missing = folder.resolve("missing.onnx");
    assertThatThrownBy(() -> open(missing, new EstimatorShape(16, 3, "pf")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ONNX model " + missing + " does not exist");
    Path text = Files.writeString(folder.resolve("text.onnx"), "{\"not\": \"onnx\"}");
    assertThatThrownBy(() -> open(text, new EstimatorShape(16, 3, "pf")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ONNX model " + text + " cannot be loaded: it is not a valid ONNX model");
    Path proxy = OnnxRewardTestAccess.proxyModel();
    assertThatThrownBy(() -> open(proxy, new EstimatorShape(16, 3, "pf")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ONNX model " + proxy + " has no input 'states' (its inputs are [x]); expected a policy written "
            + "by 'gfn export'");
  }

  @Test
  void providerRejectsAnEmptyModelPath() {
    assertThatThrownBy(() -> PROVIDER.create(Parameters.parse("policy 'onnx'", PROVIDER.parameters(),
        Map.of("model", " ")), new EstimatorShape(16, 3, "pf"), new SplittableRandom(0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy 'onnx': model= is empty; expected the path of an ONNX file");
    assertThatThrownBy(() -> Parameters.parse("policy 'onnx'", PROVIDER.parameters(), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("policy 'onnx' needs parameter 'model'");
  }
}
