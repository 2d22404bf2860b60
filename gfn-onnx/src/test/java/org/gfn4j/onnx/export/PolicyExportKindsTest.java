package org.gfn4j.onnx.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gfn4j.api.policy.EstimatorShape;
import org.gfn4j.core.run.PluginChoice;
import org.gfn4j.core.run.TrainingRun;
import org.gfn4j.onnx.policy.OnnxPolicy;
import org.gfn4j.onnx.policy.PolicyFiles;
import org.gfn4j.onnx.runtime.OnnxSessions;
import org.gfn4j.onnx.testing.Runs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Exports of conditional and continuous policies: their metadata (format 2: kind, condition width, heads) round-trip
 * through the file, format 1 files still read, the graphs have the inputs and outputs of their kind, and the "onnx"
 * policy refuses what it does not run yet.
 */
class PolicyExportKindsTest {
  @TempDir
  Path folder;

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = ';', value = {
      "conditional-hypergrid; discrete; 1; masked-categorical; 3; masked-categorical; 2; states,conditions,mask,"
          + "pb_mask; logits,log_probs,pb_logits,pb_log_probs,log_z",
      "box; continuous; 0; box-forward-beta-mixture; 13; box-backward-beta-mixture; 13; states; "
          + "head_outputs,pb_head_outputs,log_z",
      "line; continuous; 0; gaussian-step; 2; gaussian-step-backward; 2; states; head_outputs,pb_head_outputs,log_z"})
  void metadata_ofEachKind_roundTripsThroughTheFile(String environment, String kind, int conditionDim,
      String forwardHead, int forwardHeadDim, String backwardHead, int backwardHeadDim, String inputs,
      String outputs) throws Exception {
    Map<String, String> options = environment.equals("conditional-hypergrid") ? Map.of("ndim", "2", "height", "4")
        : Map.of();
    TrainingRun run = Runs.FACTORY.create(Runs.spec(environment, options, "tb", 16, 1, 0, 8, 6));
    Path file = folder.resolve(environment + ".onnx");
    ExportMetadata written = PolicyExporter.write(file, run, 0);

    ExportMetadata read = PolicyFiles.readMetadata(file);
    assertThat(read).isEqualTo(written);
    assertThat(ExportMetadata.fromProperties(written.toProperties(), "test")).isEqualTo(written);
    assertThat(read.environment()).isEqualTo(environment);
    assertThat(read.kind()).isEqualTo(kind);
    assertThat(read.isDiscrete()).isEqualTo(kind.equals("discrete"));
    assertThat(read.conditionDim()).isEqualTo(conditionDim);
    assertThat(read.isConditional()).isEqualTo(conditionDim > 0);
    assertThat(read.forwardHead()).isEqualTo(forwardHead);
    assertThat(read.forwardHeadDim()).isEqualTo(forwardHeadDim).isEqualTo(read.actionCount());
    assertThat(read.backwardHead()).isEqualTo(backwardHead);
    assertThat(read.backwardHeadDim()).isEqualTo(backwardHeadDim);
    assertThat(read.heads()).containsExactly("pf", "pb", "log_z");
    assertThat(Double.isNaN(read.logZ())).isEqualTo(conditionDim > 0); // conditional: log Z is in the graph
    assertThat(read.encodingDim()).isEqualTo(run.model().environment().encodingDim());

    try (OrtSession session = OnnxSessions.open(file)) {
      Map<String, String> properties = session.getMetadata().getCustomMetadata();
      assertThat(properties).containsEntry("gfn4j.format", "2").containsEntry("gfn4j.kind", kind)
          .containsEntry("gfn4j.condition_dim", Integer.toString(conditionDim))
          .containsEntry("gfn4j.forward_head", forwardHead)
          .containsEntry("gfn4j.forward_head_dim", Integer.toString(forwardHeadDim))
          .containsEntry("gfn4j.backward_head", backwardHead)
          .containsEntry("gfn4j.backward_head_dim", Integer.toString(backwardHeadDim));
      assertThat(session.getInputNames()).containsExactlyElementsOf(List.of(inputs.split(",")).stream()
          .filter(name -> !name.endsWith("mask")).toList()); // the masks are optional
      assertThat(session.getOutputNames()).containsExactly(outputs.split(","));
    }
  }

  @Test
  void format1Metadata_stillReads_asADiscreteUnconditionalPolicy() {
    TrainingRun run = Runs.FACTORY.create(Runs.spec(2, 8, 8, 1, "relu", false, PluginChoice.of("env"), 0, 8, 1));
    Map<String, String> properties = new LinkedHashMap<>(PolicyExporter.metadata(run, 0).toProperties());
    List.of(ExportMetadata.KEY_KIND, ExportMetadata.KEY_CONDITION_DIM, ExportMetadata.KEY_FORWARD_HEAD,
        ExportMetadata.KEY_FORWARD_HEAD_DIM, ExportMetadata.KEY_BACKWARD_HEAD, ExportMetadata.KEY_BACKWARD_HEAD_DIM)
        .forEach(properties::remove);
    properties.put(ExportMetadata.KEY_FORMAT, "1");
    ExportMetadata read = ExportMetadata.fromProperties(properties, "ONNX model old.onnx");
    assertThat(read.kind()).isEqualTo(ExportMetadata.DISCRETE);
    assertThat(read.conditionDim()).isZero();
    assertThat(read.actionCount()).isEqualTo(3);
    assertThat(read.forwardHead()).isEqualTo("masked-categorical");
    assertThat(read.forwardHeadDim()).isEqualTo(3);
    assertThat(read.backwardHead()).isEqualTo("masked-categorical");
    assertThat(read.backwardHeadDim()).isEqualTo(2);
    assertThat(read).isEqualTo(PolicyExporter.metadata(run, 0)); // what this version writes for the same run

    properties.put(ExportMetadata.KEY_FORMAT, "2"); // a format 2 file must have the new keys
    assertThatThrownBy(() -> ExportMetadata.fromProperties(properties, "ONNX model p.onnx"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ONNX model p.onnx: gfn4j metadata 'gfn4j.kind' is missing");
  }

  @Test
  void metadata_ofAContinuousPolicy_takesTheForwardHeadWidthAsActionCount() {
    TrainingRun run = Runs.FACTORY.create(Runs.spec("line", Map.of(), "tb", 8, 1, 0, 8, 1));
    Map<String, String> properties = new LinkedHashMap<>(PolicyExporter.metadata(run, 0).toProperties());
    assertThat(properties).containsEntry(ExportMetadata.KEY_ACTION_COUNT, "2");
    properties.put(ExportMetadata.KEY_ACTION_COUNT, "3");
    assertThatThrownBy(() -> ExportMetadata.fromProperties(properties, "ONNX model p.onnx"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ONNX model p.onnx: invalid gfn4j metadata: an exported policy's action count is the width of "
            + "its forward output, the forward head's 2, got 3");
    properties.put(ExportMetadata.KEY_ACTION_COUNT, "2");
    properties.put(ExportMetadata.KEY_KIND, "graph");
    assertThatThrownBy(() -> ExportMetadata.fromProperties(properties, "ONNX model p.onnx"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ONNX model p.onnx: invalid gfn4j metadata: an exported policy's kind is 'discrete' or "
            + "'continuous', got 'graph'");
  }

  @Test
  void onnxPolicy_refusesContinuousAndConditionalExports_sayingWhatIsNotSupported() {
    TrainingRun box = Runs.FACTORY.create(Runs.spec("box", Map.of(), "tb", 8, 1, 0, 8, 1));
    Path boxFile = folder.resolve("box.onnx");
    PolicyExporter.write(boxFile, box, 0);
    assertThatThrownBy(() -> OnnxPolicy.open(boxFile, new EstimatorShape(2, 13, "pf"), PolicyExporter.LOGITS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ONNX model " + boxFile + " is a policy over continuous environment 'box' (output "
            + "'head_outputs'): policy 'onnx' does not support continuous policies yet, only discrete unconditional "
            + "ones");

    TrainingRun conditional = Runs.FACTORY.create(Runs.spec("conditional-hypergrid",
        Map.of("ndim", "2", "height", "4"), "tb", 8, 1, 0, 8, 1));
    Path conditionalFile = folder.resolve("conditional.onnx");
    PolicyExporter.write(conditionalFile, conditional, 0);
    assertThatThrownBy(() -> OnnxPolicy.open(conditionalFile, new EstimatorShape(8, 3, "pf"),
        PolicyExporter.LOGITS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ONNX model " + conditionalFile + " is a conditional policy over environment "
            + "'conditional-hypergrid' (input 'conditions' [N, 1]): policy 'onnx' does not support conditional "
            + "policies yet, only discrete unconditional ones");
  }
}
