package org.gfn4j.onnx.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputPruningTest {
  /** x -> relu -> "kept"; x + c -> neg -> "dropped" (c an initialiser only the dropped branch reads). */
  private static ModelProto twoBranches() {
    GraphProto graph = GraphProto.newBuilder().setName("two")
        .addInput(vector("x"))
        .addInitializer(TensorProto.newBuilder().setName("c").setDataType(TensorProto.DataType.FLOAT.getNumber())
            .addDims(3).addFloatData(1).addFloatData(2).addFloatData(3))
        .addNode(NodeProto.newBuilder().setOpType("Relu").addInput("x").addOutput("kept"))
        .addNode(NodeProto.newBuilder().setOpType("Add").addInput("x").addInput("c").addOutput("sum"))
        .addNode(NodeProto.newBuilder().setOpType("Neg").addInput("sum").addOutput("dropped"))
        .addOutput(vector("kept"))
        .addOutput(vector("dropped"))
        .build();
    return ModelProto.newBuilder().setIrVersion(8).setGraph(graph)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17)).build();
  }

  private static ValueInfoProto vector(String name) {
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT.getNumber())
            .setShape(TensorShapeProto.newBuilder().addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(3)))))
        .build();
  }

  @Test
  void keepOnly_keepsTheNodesInputsAndInitialisersTheOutputNeeds() {
    GraphProto kept = OutputPruning.keepOnly(twoBranches(), "kept").orElseThrow().getGraph();
    assertThat(kept.getNodeList()).extracting(NodeProto::getOpType).containsExactly("Relu");
    assertThat(kept.getInitializerList()).isEmpty();
    assertThat(kept.getInputList()).extracting(ValueInfoProto::getName).containsExactly("x");
    assertThat(kept.getOutputList()).extracting(ValueInfoProto::getName).containsExactly("kept");

    GraphProto dropped = OutputPruning.keepOnly(twoBranches(), "dropped").orElseThrow().getGraph();
    assertThat(dropped.getNodeList()).extracting(NodeProto::getOpType).containsExactly("Add", "Neg");
    assertThat(dropped.getInitializerList()).extracting(TensorProto::getName).containsExactly("c");
  }

  @Test
  void openFor_runsThePrunedModel_andRefusesAnUnknownOutput(@TempDir Path folder) throws Exception {
    Path model = folder.resolve("two.onnx");
    Files.write(model, twoBranches().toByteArray());
    try (OrtSession session = OnnxSessions.openFor(model, "kept");
        OnnxTensor x = OnnxTensor.createTensor(OnnxSessions.environment(), FloatBuffer.wrap(new float[] {-1, 0, 2}),
            new long[] {3});
        OrtSession.Result result = session.run(Map.of("x", x))) {
      assertThat(session.getOutputNames()).containsExactly("kept");
      assertThat(((float[]) result.get(0).getValue())).containsExactly(0f, 0f, 2f);
    }
    assertThatThrownBy(() -> OnnxSessions.openFor(model, "logits"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("ONNX model " + model + " has no output 'logits'");
    try (OrtSession other = OnnxSessions.openFor(model, "dropped")) {
      assertThat(other.getOutputNames()).containsExactly("dropped");
    }
  }
}
