package org.gfn4j.onnx.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OrtSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.core.model.GFlowNet;
import org.gfn4j.core.nn.UniformEstimator;
import org.gfn4j.core.run.CheckpointStore;
import org.gfn4j.core.run.PluginChoice;
import org.gfn4j.core.run.TrainingRun;
import org.gfn4j.onnx.policy.PolicyFiles;
import org.gfn4j.onnx.reward.OnnxRewardTestAccess;
import org.gfn4j.onnx.runtime.OnnxSessions;
import org.gfn4j.onnx.testing.Runs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an export contains: heads, tensors, opset and metadata, and what it refuses to export. */
class PolicyExporterTest {
  @TempDir
  Path folder;

  @Test
  void metadata_recordsTheEnvironmentEncodingActionsAndProvenance() throws Exception {
    TrainingRun run = Runs.trained(Runs.spec(2, 8, 16, 2, "tanh", false, PluginChoice.of("env"), 5, 8, 42));
    Path file = folder.resolve("policy.onnx");
    ExportMetadata written = PolicyExporter.write(file, run, 5);

    ExportMetadata read = PolicyFiles.readMetadata(file);
    assertThat(read).isEqualTo(written);
    assertThat(read.environment()).isEqualTo("hypergrid");
    assertThat(read.environmentParameters()).containsEntry("ndim", "2").containsEntry("height", "8")
        .containsEntry("encoding", "khot").containsKeys("r0", "r1", "r2");
    assertThat(read.encoding()).isEqualTo("khot");
    assertThat(read.encodingDim()).isEqualTo(16);
    assertThat(read.actionCount()).isEqualTo(3);
    assertThat(read.heads()).containsExactly("pf", "pb", "log_z");
    assertThat(read.logZ()).isEqualTo(run.model().logZ());
    assertThat(read.iterations()).isEqualTo(5);
    assertThat(read.seed()).isEqualTo(42);
    assertThat(read.gfn4jVersion()).isEqualTo(CheckpointStore.gfn4jVersion()).isNotEqualTo("unknown");
    assertThat(CheckpointStore.runSpecFromJson(read.runSpec(), "test")).isEqualTo(run.spec());
    assertThat(read.forwardPolicy()).isEqualTo("mlp 16-16-16-3 tanh");

    ModelProto model = ModelProto.parseFrom(Files.readAllBytes(file));
    assertThat(model.getIrVersion()).isEqualTo(8);
    assertThat(model.getOpsetImport(0).getVersion()).isEqualTo(17);
    assertThat(model.getProducerName()).isEqualTo("gfn4j");
    assertThat(model.getGraph().getInputList()).extracting(i -> i.getName())
        .containsExactly("states", "mask", "pb_mask");
    try (OrtSession session = OnnxSessions.open(file)) {
      assertThat(session.getInputNames()).containsExactly("states"); // the masks are optional
      assertThat(session.getOutputNames()).containsExactly("logits", "log_probs", "pb_logits", "pb_log_probs",
          "log_z");
      assertThat(session.getMetadata().getCustomMetadata()).containsEntry("gfn4j.environment", "hypergrid")
          .containsEntry("gfn4j.action_count", "3").containsEntry("gfn4j.seed", "42");
    }
  }

  @Test
  void uniformBackwardPolicy_isNotExported() throws Exception {
    TrainingRun run = Runs.trained(Runs.spec(2, 8, 16, 1, "relu", true, PluginChoice.of("env"), 2, 8, 1));
    Path file = folder.resolve("policy.onnx");
    ExportMetadata metadata = PolicyExporter.write(file, run, 2);
    assertThat(metadata.heads()).containsExactly("pf", "log_z");
    assertThat(metadata.backwardPolicy()).isEqualTo("uniform");
    try (OrtSession session = OnnxSessions.open(file)) {
      assertThat(session.getOutputNames()).containsExactly("logits", "log_probs", "log_z");
    }
  }

  @Test
  void aPolicyThatIsNotAnMlp_isRefused() {
    TrainingRun run = Runs.FACTORY.create(Runs.spec(2, 8, 16, 1, "relu", true, PluginChoice.of("env"), 0, 8, 1));
    DiscreteEnvironment env = (DiscreteEnvironment) run.model().environment();
    GFlowNet uniform = new GFlowNet(env, run.model().reward(), new UniformEstimator(16, 3), Optional.empty(),
        Optional.empty(), Optional.empty(), true, 0);
    TrainingRun uniformRun = new TrainingRun(run.spec(), uniform, run.objective(), Optional.empty(),
        Optional.empty());
    Path file = folder.resolve("policy.onnx");
    assertThatThrownBy(() -> PolicyExporter.write(file, uniformRun, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot export the forward policy 'uniform': the ONNX exporter writes separate mlp estimators "
            + "only");
    assertThat(file).doesNotExist();
  }

  @Test
  void write_replacesAnEarlierFile_andLeavesNoTemporaryFiles() throws Exception {
    TrainingRun run = Runs.FACTORY.create(Runs.spec(2, 8, 8, 1, "relu", false, PluginChoice.of("env"), 0, 8, 1));
    Path file = folder.resolve("policy.onnx");
    Files.writeString(file, "old");
    PolicyExporter.write(file, run, 0);
    assertThat(PolicyFiles.readMetadata(file).iterations()).isZero();
    try (Stream<Path> files = Files.list(folder)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void metadata_ofAFileThatIsNotAnExport_saysSo() {
    Path proxy = OnnxRewardTestAccess.proxyModel();
    assertThatThrownBy(() -> PolicyFiles.readMetadata(proxy))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ONNX model " + proxy + " is not a gfn4j policy export: its metadata has no 'gfn4j.format' "
            + "(found no metadata)");
  }

  @Test
  void metadata_withAMissingOrMalformedKey_namesIt() {
    TrainingRun run = Runs.FACTORY.create(Runs.spec(2, 8, 8, 1, "relu", false, PluginChoice.of("env"), 0, 8, 1));
    Map<String, String> properties = new java.util.LinkedHashMap<>(PolicyExporter.metadata(run, 0).toProperties());
    properties.remove(ExportMetadata.KEY_ENCODING_DIM);
    assertThatThrownBy(() -> ExportMetadata.fromProperties(properties, "ONNX model p.onnx"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ONNX model p.onnx: gfn4j metadata 'gfn4j.encoding_dim' is missing");
    properties.put(ExportMetadata.KEY_ENCODING_DIM, "sixteen");
    assertThatThrownBy(() -> ExportMetadata.fromProperties(properties, "ONNX model p.onnx"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ONNX model p.onnx: gfn4j metadata 'gfn4j.encoding_dim' is 'sixteen', not an integer");
    properties.put(ExportMetadata.KEY_ENCODING_DIM, "16");
    properties.put(ExportMetadata.KEY_FORMAT, "9");
    assertThatThrownBy(() -> ExportMetadata.fromProperties(properties, "ONNX model p.onnx"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ONNX model p.onnx is a gfn4j policy export of format 9; this gfn4j reads formats 1 and 2");
  }
}
