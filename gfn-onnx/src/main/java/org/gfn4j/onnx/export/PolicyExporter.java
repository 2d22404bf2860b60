package org.gfn4j.onnx.export;

import static java.util.Objects.requireNonNull;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.core.backend.Nd4jBackend;
import org.gfn4j.core.run.CheckpointStore;
import org.gfn4j.core.io.AtomicFiles;
import org.gfn4j.core.model.GFlowNet;
import org.gfn4j.core.nn.Activation;
import org.gfn4j.core.nn.Mlp;
import org.gfn4j.core.run.TrainingRun;
import org.gfn4j.onnx.export.OnnxGraphBuilder.Dim;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Writes a trained GFlowNet as one ONNX file that any ONNX Runtime can run.
 *
 * <p>The graph ({@value OnnxGraphBuilder#OPSET} opset, IR version {@value OnnxGraphBuilder#IR_VERSION}) holds:
 * <ul>
 *   <li>input {@value #STATES}: float {@code [N, encodingDim]}, states encoded as the environment does;
 *   <li>input {@value #MASK}: bool {@code [N, actionCount]}, the allowed forward actions; optional (an
 *       overridable initialiser whose default {@code [1, actionCount]} of {@code true} allows every action);
 *   <li>output {@value #LOGITS}: float {@code [N, actionCount]}, the forward policy's logits;
 *   <li>output {@value #LOG_PROBS}: float {@code [N, actionCount]}, {@code LogSoftmax(Where(mask, logits, -inf))}:
 *       the log-probabilities of the allowed actions, {@code -inf} for masked ones (a valid state always allows
 *       at least one action, so no row is entirely masked);
 *   <li>when PB was trained (an mlp the objective reads; not a fixed uniform PB): input {@value #PB_MASK} (bool
 *       {@code [N, actionCount - 1]}, optional) and outputs {@value #PB_LOGITS} and {@value #PB_LOG_PROBS};
 *   <li>when a state flow was trained: output {@value #LOG_F}, float {@code [N, 1]}, log F of each state;
 *   <li>when log Z was trained: output {@value #LOG_Z}, float {@code [1]}, a constant;
 *   <li>metadata ({@link ExportMetadata}): environment, parameters, encoding, action count, heads, provenance.
 * </ul>
 * Each MLP layer is a {@code Gemm} with the layer's weights {@code [in, out]} and bias {@code [out]}, the hidden
 * activation between layers ({@code Relu}, {@code LeakyRelu} alpha 0.01, {@code Tanh}, {@code Elu} alpha 1).
 */
public final class PolicyExporter {
  /** Input: encoded states. */
  public static final String STATES = "states";
  /** Input (optional): forward masks. */
  public static final String MASK = "mask";
  /** Output: forward logits. */
  public static final String LOGITS = "logits";
  /** Output: masked forward log-probabilities. */
  public static final String LOG_PROBS = "log_probs";
  /** Input (optional): backward masks. */
  public static final String PB_MASK = "pb_mask";
  /** Output: backward logits. */
  public static final String PB_LOGITS = "pb_logits";
  /** Output: masked backward log-probabilities. */
  public static final String PB_LOG_PROBS = "pb_log_probs";
  /** Output: log state flow. */
  public static final String LOG_F = "log_f";
  /** Output: log Z. */
  public static final String LOG_Z = "log_z";

  private static final Dim ROWS = Dim.named("N");

  private PolicyExporter() {}

  /**
   * Exports {@code run}'s model into {@code out} (written atomically).
   *
   * @param iterations how long the model was trained, recorded as provenance
   * @return the metadata written
   * @throws IllegalArgumentException if a policy to export is not an mlp
   */
  public static ExportMetadata write(Path out, TrainingRun run, int iterations) {
    requireNonNull(out, "out is null");
    ExportMetadata metadata = metadata(run, iterations);
    ModelProto model = toModel(run.model(), metadata);
    AtomicFiles.write(out, model::writeTo);
    return metadata;
  }

  /** The metadata of an export of {@code run}: which heads are trained, the environment and the provenance. */
  public static ExportMetadata metadata(TrainingRun run, int iterations) {
    requireNonNull(run, "run is null");
    GFlowNet model = run.model();
    if (!(model.environment() instanceof DiscreteEnvironment environment) || environment.conditionDim() > 0) {
      throw new IllegalArgumentException("export of policies over environment '" + model.environment().name()
          + "' is not supported yet: only unconditional discrete environments can be exported");
    }
    List<String> heads = new ArrayList<>(List.of(ExportMetadata.PF));
    if (model.backwardPolicy().filter(pb -> pb.parameters().length() > 0).isPresent()) {
      heads.add(ExportMetadata.PB);
    }
    if (model.logFlow().isPresent()) {
      heads.add(ExportMetadata.LOG_F);
    }
    if (model.learnsLogZ()) {
      heads.add(ExportMetadata.LOG_Z);
    }
    return new ExportMetadata(environment.name(), environment.parameters().asStrings(), environment.encoding(),
        environment.encodingDim(), environment.actionCount(), heads,
        model.learnsLogZ() ? model.logZ() : Double.NaN, iterations, run.spec().training().seed(),
        CheckpointStore.gfn4jVersion(), CheckpointStore.runSpecToJson(run.spec()),
        model.forwardPolicy().describe(), model.backwardPolicy().map(Estimator::describe).orElse("none"));
  }

  /**
   * The ONNX model of {@code model}'s heads listed in {@code metadata}.
   *
   * @throws IllegalArgumentException if a policy to export is not an mlp, or does not fit the metadata
   */
  public static ModelProto toModel(GFlowNet model, ExportMetadata metadata) {
    requireNonNull(model, "model is null");
    requireNonNull(metadata, "metadata is null");
    OnnxGraphBuilder graph = new OnnxGraphBuilder("gfn4j_policy");
    graph.input(STATES, TensorProto.DataType.FLOAT, ROWS, Dim.of(metadata.encodingDim()));
    head(graph, "", mlp(model.forwardPolicy(), "forward"), metadata.actionCount(), MASK, LOGITS, LOG_PROBS);
    if (metadata.has(ExportMetadata.PB)) {
      Estimator backward = model.backwardPolicy().orElseThrow(() -> new IllegalArgumentException(
          "the metadata lists a backward policy but the model has none"));
      head(graph, "pb_", mlp(backward, "backward"), metadata.actionCount() - 1, PB_MASK, PB_LOGITS, PB_LOG_PROBS);
    }
    if (metadata.has(ExportMetadata.LOG_F)) {
      Estimator flow = model.logFlow().orElseThrow(() -> new IllegalArgumentException(
          "the metadata lists a state flow but the model has none"));
      layers(graph, "log_f_", mlp(flow, "state flow"), 1, LOG_F);
      graph.output(LOG_F, TensorProto.DataType.FLOAT, ROWS, Dim.of(1));
    }
    if (metadata.has(ExportMetadata.LOG_Z)) {
      graph.node("Constant", List.of(), List.of(LOG_Z), OnnxGraphBuilder.tensorAttribute("value",
          OnnxGraphBuilder.floatTensor("log_z_value", new float[] {(float) metadata.logZ()}, 1)));
      graph.output(LOG_Z, TensorProto.DataType.FLOAT, Dim.of(1));
    }
    graph.documentation("gfn4j GFlowNet policy for environment '" + metadata.environment() + "' "
        + metadata.environmentParameters() + ": input '" + STATES + "' float [N, " + metadata.encodingDim() + "] ("
        + metadata.encoding() + " encoding), optional '" + MASK + "' bool [N, " + metadata.actionCount()
        + "]; outputs '" + LOGITS + "' and masked '" + LOG_PROBS + "' [N, " + metadata.actionCount() + "]; heads "
        + metadata.heads());
    metadata.toProperties().forEach(graph::metadata);
    return graph.build("gfn4j", metadata.gfn4jVersion());
  }

  private static Mlp mlp(Estimator estimator, String role) {
    if (!(estimator instanceof Mlp mlp)) {
      throw new IllegalArgumentException("cannot export the " + role + " policy '" + estimator.describe()
          + "': the ONNX exporter writes separate mlp estimators only");
    }
    return mlp;
  }

  private static void head(OnnxGraphBuilder graph, String prefix, Mlp mlp, int width, String mask, String logits,
      String logProbs) {
    boolean[] allowAll = new boolean[width];
    Arrays.fill(allowAll, true);
    graph.inputWithDefault(mask, TensorProto.DataType.BOOL, OnnxGraphBuilder.boolTensor(mask, allowAll, 1, width),
        ROWS, Dim.of(width));
    layers(graph, prefix, mlp, width, logits);
    String masked = prefix + "masked_logits";
    String negativeInfinity = graph.initializer(prefix + "masked_value", new float[] {Float.NEGATIVE_INFINITY});
    graph.node("Where", List.of(mask, logits, negativeInfinity), List.of(masked));
    graph.node("LogSoftmax", List.of(masked), List.of(logProbs), OnnxGraphBuilder.intAttribute("axis", -1));
    graph.output(logits, TensorProto.DataType.FLOAT, ROWS, Dim.of(width));
    graph.output(logProbs, TensorProto.DataType.FLOAT, ROWS, Dim.of(width));
  }

  /** The MLP's linear layers and activations from {@value #STATES}; the last layer's output is {@code out}. */
  private static void layers(OnnxGraphBuilder graph, String prefix, Mlp mlp, int width, String out) {
    int[] sizes = mlp.sizes();
    if (sizes[sizes.length - 1] != width) {
      throw new IllegalArgumentException("estimator '" + mlp.describe() + "' has " + sizes[sizes.length - 1]
          + " outputs but the environment needs " + width);
    }
    String h = STATES;
    int last = mlp.layerCount() - 1;
    for (int l = 0; l <= last; l++) {
      String weight = graph.initializer(prefix + "layer" + l + "_weight",
          Nd4jBackend.toFloats(mlp.weights(l).castTo(DataType.FLOAT)), sizes[l], sizes[l + 1]);
      String bias = graph.initializer(prefix + "layer" + l + "_bias",
          Nd4jBackend.toFloats(mlp.bias(l).castTo(DataType.FLOAT)), sizes[l + 1]);
      String linear = l == last ? out : prefix + "layer" + l + "_linear";
      graph.node("Gemm", List.of(h, weight, bias), List.of(linear));
      if (l < last) {
        h = prefix + "layer" + l + "_" + mlp.activation().word();
        activation(graph, mlp.activation(), linear, h);
      }
    }
  }

  private static void activation(OnnxGraphBuilder graph, Activation activation, String in, String out) {
    List<AttributeProto> attributes = switch (activation) {
      case RELU, TANH -> List.of();
      case LEAKY_RELU -> List.of(OnnxGraphBuilder.floatAttribute("alpha", 0.01f));
      case ELU -> List.of(OnnxGraphBuilder.floatAttribute("alpha", 1.0f));
    };
    String op = switch (activation) {
      case RELU -> "Relu";
      case LEAKY_RELU -> "LeakyRelu";
      case TANH -> "Tanh";
      case ELU -> "Elu";
    };
    graph.node(op, List.of(in), List.of(out), attributes.toArray(AttributeProto[]::new));
  }
}
