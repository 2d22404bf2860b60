package org.gfn4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl.TensorProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.core.run.CheckpointStore;
import org.gfn4j.core.eval.Divergences;
import org.gfn4j.core.plugin.PluginRegistry;
import org.gfn4j.core.run.RunFactory;
import org.gfn4j.core.run.TrainingRun;
import org.gfn4j.envs.hypergrid.HyperGrid;
import org.gfn4j.onnx.export.ExportMetadata;
import org.gfn4j.onnx.export.OnnxGraphBuilder;
import org.gfn4j.onnx.export.OnnxGraphBuilder.Dim;
import org.gfn4j.onnx.policy.PolicyFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gfn export} and {@code gfn sample}, and {@code gfn train --reward onnx}, end to end. */
class OnnxCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HyperGrid GRID = HyperGrid.of(Map.of("ndim", "2", "height", "8"));

  @TempDir
  static Path folder;
  private static Path run;
  private static Path policy;

  @BeforeAll
  static void trainAndExport() {
    run = folder.resolve("run");
    CliRunner trained = CliRunner.run("train", "--env", "hypergrid", "--env-opt", "ndim=2", "--env-opt", "height=8",
        "--iterations", "150", "--batch-size", "16", "--hidden", "64", "--layers", "2", "--seed", "4",
        "--eval-every", "0", "--no-progress", "--out", run.toString());
    assertThat(trained.exitCode()).as(trained.err()).isZero();
    policy = folder.resolve("policy.onnx");
    CliRunner exported = CliRunner.run("export", "--checkpoint", run.toString(), "--out", policy.toString());
    assertThat(exported.exitCode()).as(exported.err()).isZero();
    assertThat(exported.out()).startsWith("wrote " + policy + ": pf, pb, log_z of 'hypergrid' {ndim=2, height=8,")
        .contains("states [N, 16] (khot), 3 actions");
  }

  private static List<String> sample(Path out, String... extra) throws IOException {
    List<String> args = new java.util.ArrayList<>(List.of("sample", "--onnx", policy.toString(), "--out",
        out.toString()));
    args.addAll(List.of(extra));
    CliRunner result = CliRunner.run(args.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.err()).isZero();
    return Files.readAllLines(out);
  }

  @Test
  void export_recordsTheRunsProvenance() throws IOException {
    JsonNode checkpoint = JSON.readTree(run.resolve("checkpoint.json").toFile());
    ExportMetadata metadata = PolicyFiles.readMetadata(policy);
    assertThat(metadata.seed()).isEqualTo(4);
    assertThat(metadata.iterations()).isEqualTo(150);
    assertThat(metadata.logZ()).isCloseTo(checkpoint.get("logZ").asDouble(), within(1e-6));
    assertThat(JSON.readTree(metadata.runSpec())).isEqualTo(checkpoint.get("spec"));
  }

  @Test
  void sample_writesOneRowPerSample_withCoordinatesAndTheLogReward() throws IOException {
    List<String> lines = sample(folder.resolve("samples.csv"), "-n", "20000", "--seed", "7");
    assertThat(lines.get(0)).isEqualTo("s0,s1,log_reward");
    assertThat(lines).hasSize(20001);
    double[] histogram = new double[64];
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",");
      int s0 = Integer.parseInt(cells[0]);
      int s1 = Integer.parseInt(cells[1]);
      DiscreteStates state = GRID.states(1, new int[] {s0, s1});
      assertThat(Double.parseDouble(cells[2])).isEqualTo(GRID.logReward(state)[0]);
      histogram[GRID.indexOf(state, 0)] += 1.0 / 20000;
    }
    // the samples follow the trained policy: compare with its exact terminal distribution from the checkpoint
    TrainingRun loaded = CheckpointStore.load(run, new RunFactory(PluginRegistry.discover()));
    double[] exact = loaded.exactEvaluator().orElseThrow().terminalDistribution(loaded.model().forwardPolicy());
    double l1 = Divergences.l1(histogram, exact);
    System.out.printf("gfn sample: L1(histogram of 20000, exact distribution of the checkpoint) = %.4f%n", l1);
    assertThat(l1).isLessThan(0.08);
  }

  @Test
  void sample_isReproducibleFromItsSeed() throws IOException {
    List<String> a = sample(folder.resolve("a.csv"), "-n", "500", "--seed", "3");
    List<String> b = sample(folder.resolve("b.csv"), "-n", "500", "--seed", "3");
    List<String> c = sample(folder.resolve("c.csv"), "-n", "500", "--seed", "4");
    assertThat(a).hasSize(501).isEqualTo(b).isNotEqualTo(c);
  }

  @Test
  void sample_withAnotherReward_scoresTheSamplesWithIt() throws IOException {
    List<String> lines = sample(folder.resolve("tempered.csv"), "-n", "50", "--reward", "tempered", "--reward-opt",
        "beta=2");
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",");
      DiscreteStates state = GRID.states(1, new int[] {Integer.parseInt(cells[0]), Integer.parseInt(cells[1])});
      assertThat(Double.parseDouble(cells[2])).isEqualTo(2 * GRID.logReward(state)[0]);
    }
  }

  @Test
  void train_withAnOnnxProxyReward_usesItsNormalisedDistributionAsTarget() throws IOException {
    // log R(x) = x @ w with w = 0.1 * index: an ONNX model built here, read as log-reward
    float[] w = new float[16];
    for (int i = 0; i < 16; i++) {
      w[i] = 0.1f * i;
    }
    OnnxGraphBuilder graph = new OnnxGraphBuilder("linear");
    graph.input("x", TensorProto.DataType.FLOAT, Dim.named("N"), Dim.of(16));
    graph.initializer("w", w, 16, 1);
    graph.node("MatMul", List.of("x", "w"), List.of("log_r"));
    graph.output("log_r", TensorProto.DataType.FLOAT, Dim.named("N"), Dim.of(1));
    Path model = Files.write(folder.resolve("linear.onnx"), graph.build("test", "1").toByteArray());
    Path out = folder.resolve("proxy-run");
    CliRunner result = CliRunner.run("train", "--reward", "onnx", "--reward-opt", "model=" + model, "--reward-opt",
        "output=log_reward", "--iterations", "10", "--hidden", "16", "--layers", "1", "--no-progress", "--out",
        out.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    double partition = 0;
    for (int s0 = 0; s0 < 8; s0++) {
      for (int s1 = 0; s1 < 8; s1++) {
        partition += Math.exp(w[s0] + w[8 + s1]);
      }
    }
    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.get("logz_true").asDouble()).isCloseTo(Math.log(partition), within(1e-5));
    assertThat(summary.get("provenance").get("reward_model_sha256").asText())
        .isEqualTo(Provenance.sha256(model)).hasSize(64);
  }

  // ---- errors: one line naming the file and the problem ----------------------------------------------------

  private static void assertOneLineError(CliRunner result, String message) {
    assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
    assertThat(result.err()).startsWith("gfn: error: ").contains(message).doesNotContain("\tat ");
    assertThat(result.err().lines().count()).isEqualTo(1);
  }

  @Test
  void sample_ofAMissingFile() {
    Path missing = folder.resolve("missing.onnx");
    assertOneLineError(CliRunner.run("sample", "--onnx", missing.toString(), "--out",
        folder.resolve("x.csv").toString()), "ONNX model " + missing + " does not exist");
  }

  @Test
  void sample_ofAFileThatIsNotOnnx() throws IOException {
    Path text = Files.writeString(folder.resolve("text.onnx"), "hello");
    assertOneLineError(CliRunner.run("sample", "--onnx", text.toString(), "--out",
        folder.resolve("x.csv").toString()), "ONNX model " + text + " cannot be loaded: it is not a valid ONNX model");
  }

  @Test
  void sample_ofAnOnnxModelThatIsNotAPolicyExport() throws IOException {
    OnnxGraphBuilder graph = new OnnxGraphBuilder("identity");
    graph.input("x", TensorProto.DataType.FLOAT, Dim.named("N"), Dim.of(16));
    graph.node("Identity", List.of("x"), List.of("y"));
    graph.output("y", TensorProto.DataType.FLOAT, Dim.named("N"), Dim.of(16));
    Path other = Files.write(folder.resolve("other.onnx"), graph.build("test", "1").toByteArray());
    assertOneLineError(CliRunner.run("sample", "--onnx", other.toString(), "--out",
        folder.resolve("x.csv").toString()), "ONNX model " + other + " is not a gfn4j policy export: its metadata "
        + "has no 'gfn4j.format' (found no metadata)");
  }

  @Test
  void sample_ofZeroSamples_andExportOfAMissingCheckpoint() {
    assertOneLineError(CliRunner.run("sample", "--onnx", policy.toString(), "-n", "0", "--out",
        folder.resolve("x.csv").toString()), "the number of samples must be positive, got 0");
    assertOneLineError(CliRunner.run("export", "--checkpoint", folder.resolve("none").toString(), "--out",
        folder.resolve("x.onnx").toString()), "checkpoint.json is missing");
    assertThat(folder.resolve("x.csv")).doesNotExist();
    assertThat(folder.resolve("x.onnx")).doesNotExist();
  }
}
