package org.gfn4j.onnx.export;

import static java.util.Objects.requireNonNull;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gfn4j.api.env.ContinuousEnvironment;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.env.StepEnvironment;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.core.backend.Nd4jBackend;
import org.gfn4j.core.io.AtomicFiles;
import org.gfn4j.core.model.GFlowNet;
import org.gfn4j.core.nn.Activation;
import org.gfn4j.core.nn.ConditionalMlp;
import org.gfn4j.core.nn.Mlp;
import org.gfn4j.core.run.CheckpointStore;
import org.gfn4j.core.run.TrainingRun;
import org.gfn4j.onnx.export.OnnxGraphBuilder.Dim;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Writes a trained GFlowNet as one ONNX file that any ONNX Runtime can run.
 *
 * <p>The graph ({@value OnnxGraphBuilder#OPSET} opset, IR version {@value OnnxGraphBuilder#IR_VERSION}) holds:
 * <ul>
 *   <li>input {@value #STATES}: float {@code [N, encodingDim]}, states encoded as the environment does;
 *   <li>for a conditional environment, input {@value #CONDITIONS}: float {@code [N, conditionDim]}, each state's
 *       condition; PF, PB and log F read {@code Concat(states, conditions)} (axis 1), as the estimators do;
 *   <li>for a discrete environment:
 *     <ul>
 *       <li>input {@value #MASK}: bool {@code [N, actionCount]}, the allowed forward actions; optional (an
 *           overridable initialiser whose default {@code [1, actionCount]} of {@code true} allows every action);
 *       <li>output {@value #LOGITS}: float {@code [N, actionCount]}, the forward policy's logits;
 *       <li>output {@value #LOG_PROBS}: float {@code [N, actionCount]},
 *           {@code LogSoftmax(Where(mask, logits, -inf))}: the log-probabilities of the allowed actions,
 *           {@code -inf} for masked ones (a valid state always allows at least one action, so no row is
 *           entirely masked);
 *       <li>when PB was trained (an mlp the objective reads; not a fixed uniform PB): input {@value #PB_MASK}
 *           (bool {@code [N, backwardHeadDim]}, optional) and outputs {@value #PB_LOGITS} and
 *           {@value #PB_LOG_PROBS};
 *     </ul>
 *   <li>for a continuous environment: output {@value #HEAD_OUTPUTS}, float {@code [N, forwardHeadDim]}, the
 *       forward policy's raw outputs, which the forward head (named in the metadata) turns into a distribution;
 *       when PB was trained, {@value #PB_HEAD_OUTPUTS}, float {@code [N, backwardHeadDim]}; no masks;
 *   <li>when a state flow was trained: output {@value #LOG_F}, float {@code [N, 1]}, log F of each state;
 *   <li>when log Z was trained: output {@value #LOG_Z}, float {@code [1]}, a constant, or, for a conditional
 *       environment, float {@code [N, 1]}, the log Z estimator applied to {@value #CONDITIONS};
 *   <li>metadata ({@link ExportMetadata}): environment, kind, condition width, parameters, encoding, heads and
 *       their widths, provenance.
 * </ul>
 * Each MLP layer is a {@code Gemm} with the layer's weights {@code [in, out]} and bias {@code [out]}, the hidden
 * activation between layers ({@code Relu}, {@code LeakyRelu} alpha 0.01, {@code Tanh}, {@code Elu} alpha 1).
 */
public final class PolicyExporter {
  /** Input: encoded states. */
  public static final String STATES = "states";
  /** Input of a conditional environment's graph: the conditions. */
  public static final String CONDITIONS = "conditions";
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
  /** Output of a continuous environment's graph: the forward policy's raw outputs. */
  public static final String HEAD_OUTPUTS = "head_outputs";
  /** Output of a continuous environment's graph: the backward policy's raw outputs. */
  public static final String PB_HEAD_OUTPUTS = "pb_head_outputs";
  /** Output: log state flow. */
  public static final String LOG_F = "log_f";
  /** Output: log Z. */
  public static final String LOG_Z = "log_z";

  private static final Dim ROWS = Dim.named("N");
  /** The MLPs' input of a conditional graph: {@code Concat(states, conditions)}. */
  private static final String FEATURES = "features";

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

  /**
   * The metadata of an export of {@code run}: the environment's kind, condition and heads, which parts are
   * trained, and the provenance.
   *
   * @throws IllegalArgumentException if the environment is neither discrete nor continuous
   */
  public static ExportMetadata metadata(TrainingRun run, int iterations) {
    requireNonNull(run, "run is null");
    GFlowNet model = run.model();
    StepEnvironment<?, ?> environment = model.environment();
    String kind;
    int actionCount;
    if (environment instanceof DiscreteEnvironment discrete) {
      kind = ExportMetadata.DISCRETE;
      actionCount = discrete.actionCount();
    } else if (environment instanceof ContinuousEnvironment) {
      kind = ExportMetadata.CONTINUOUS;
      actionCount = environment.forwardHead().outputDim();
    } else {
      throw new IllegalArgumentException("export of policies over environment '" + environment.name()
          + "' is not supported yet: only discrete and continuous environments can be exported");
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
    boolean scalarLogZ = model.learnsLogZ() && model.logZEstimator().isEmpty();
    return new ExportMetadata(environment.name(), environment.parameters().asStrings(), kind,
        environment.conditionDim(), environment.encoding(), environment.encodingDim(), actionCount,
        environment.forwardHead().name(), environment.forwardHead().outputDim(), environment.backwardHead().name(),
        environment.backwardHead().outputDim(), heads, scalarLogZ ? model.logZ() : Double.NaN, iterations,
        run.spec().training().seed(), CheckpointStore.gfn4jVersion(), CheckpointStore.runSpecToJson(run.spec()),
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
    Graph graph = new Graph(new OnnxGraphBuilder("gfn4j_policy"), metadata);
    graph.builder.input(STATES, TensorProto.DataType.FLOAT, ROWS, Dim.of(metadata.encodingDim()));
    if (metadata.isConditional()) {
      graph.builder.input(CONDITIONS, TensorProto.DataType.FLOAT, ROWS, Dim.of(metadata.conditionDim()));
    }
    if (metadata.isDiscrete()) {
      head(graph, "", model.forwardPolicy(), "forward policy", metadata.forwardHeadDim(), MASK, LOGITS, LOG_PROBS);
    } else {
      rawHead(graph, "", model.forwardPolicy(), "forward policy", metadata.forwardHeadDim(), HEAD_OUTPUTS);
    }
    if (metadata.has(ExportMetadata.PB)) {
      Estimator backward = model.backwardPolicy().orElseThrow(() -> new IllegalArgumentException(
          "the metadata lists a backward policy but the model has none"));
      if (metadata.isDiscrete()) {
        head(graph, "pb_", backward, "backward policy", metadata.backwardHeadDim(), PB_MASK, PB_LOGITS,
            PB_LOG_PROBS);
      } else {
        rawHead(graph, "pb_", backward, "backward policy", metadata.backwardHeadDim(), PB_HEAD_OUTPUTS);
      }
    }
    if (metadata.has(ExportMetadata.LOG_F)) {
      Estimator flow = model.logFlow().orElseThrow(() -> new IllegalArgumentException(
          "the metadata lists a state flow but the model has none"));
      rawHead(graph, "log_f_", flow, "state flow", 1, LOG_F);
    }
    if (metadata.has(ExportMetadata.LOG_Z)) {
      if (metadata.isConditional()) {
        Estimator logZ = model.logZEstimator().orElseThrow(() -> new IllegalArgumentException(
            "the metadata lists log Z of a conditional environment but the model has no log Z estimator"));
        Mlp mlp = mlp(logZ, "log Z estimator");
        checkInput(mlp, "log Z estimator", metadata.conditionDim(), "'" + CONDITIONS + "'");
        layers(graph.builder, "log_z_", mlp, CONDITIONS, LOG_Z);
        output(graph.builder, mlp, "log Z estimator", LOG_Z, 1);
      } else {
        graph.builder.node("Constant", List.of(), List.of(LOG_Z), OnnxGraphBuilder.tensorAttribute("value",
            OnnxGraphBuilder.floatTensor("log_z_value", new float[] {(float) metadata.logZ()}, 1)));
        graph.builder.output(LOG_Z, TensorProto.DataType.FLOAT, Dim.of(1));
      }
    }
    graph.builder.documentation(documentation(metadata));
    metadata.toProperties().forEach(graph.builder::metadata);
    return graph.builder.build("gfn4j", metadata.gfn4jVersion());
  }

  /** The graph being built, with the features input of the estimators that read {@code [states, conditions]}. */
  private static final class Graph {
    final OnnxGraphBuilder builder;
    final ExportMetadata metadata;
    private boolean concatenated;

    Graph(OnnxGraphBuilder builder, ExportMetadata metadata) {
      this.builder = builder;
      this.metadata = metadata;
    }

    /**
     * The name of {@code [states, conditions]}: {@value PolicyExporter#STATES} itself, or their {@code Concat},
     * added once.
     */
    String features() {
      if (!metadata.isConditional()) {
        return STATES;
      }
      if (!concatenated) {
        builder.node("Concat", List.of(STATES, CONDITIONS), List.of(FEATURES),
            OnnxGraphBuilder.intAttribute("axis", 1));
        concatenated = true;
      }
      return FEATURES;
    }
  }

  private static String documentation(ExportMetadata metadata) {
    StringBuilder text = new StringBuilder("gfn4j GFlowNet policy for " + metadata.kind() + " environment '"
        + metadata.environment() + "' " + metadata.environmentParameters() + ": input '" + STATES + "' float [N, "
        + metadata.encodingDim() + "] (" + metadata.encoding() + " encoding)");
    if (metadata.isConditional()) {
      text.append(", '").append(CONDITIONS).append("' float [N, ").append(metadata.conditionDim()).append(']');
    }
    if (metadata.isDiscrete()) {
      text.append(", optional '").append(MASK).append("' bool [N, ").append(metadata.actionCount())
          .append("]; outputs '").append(LOGITS).append("' and masked '").append(LOG_PROBS).append("' [N, ")
          .append(metadata.actionCount()).append(']');
    } else {
      text.append("; output '").append(HEAD_OUTPUTS).append("' [N, ").append(metadata.forwardHeadDim())
          .append("], the raw outputs of head '").append(metadata.forwardHead()).append('\'');
    }
    return text.append("; heads ").append(metadata.heads()).toString();
  }

  private static Mlp mlp(Estimator estimator, String role) {
    if (!(estimator instanceof Mlp mlp)) {
      throw new IllegalArgumentException("cannot export the " + role + " '" + estimator.describe()
          + "': the ONNX exporter writes separate mlp estimators only");
    }
    return mlp;
  }

  private static void checkInput(Mlp mlp, String role, int width, String input) {
    if (mlp.inputDim() != width) {
      throw new IllegalArgumentException("cannot export the " + role + " '" + mlp.describe() + "': it reads "
          + mlp.inputDim() + " features but the graph feeds it " + input + " of " + width);
    }
  }

  /**
   * Writes {@code estimator}'s raw outputs as node {@code out}: an mlp over {@code [states, conditions]}, or a
   * conditional mlp (state trunk over {@value #STATES}, condition trunk over {@value #CONDITIONS}, their
   * {@code Concat}, then the final mlp).
   */
  private static void estimator(Graph graph, String prefix, Estimator estimator, String role, int width,
      String out) {
    ExportMetadata metadata = graph.metadata;
    if (estimator instanceof ConditionalMlp conditional && metadata.isConditional()) {
      Mlp states = conditional.stateTrunk();
      Mlp conditions = conditional.conditionTrunk();
      checkInput(states, role + "'s state trunk", metadata.encodingDim(), "'" + STATES + "'");
      checkInput(conditions, role + "'s condition trunk", metadata.conditionDim(), "'" + CONDITIONS + "'");
      String stateOut = prefix + "state_trunk";
      String conditionOut = prefix + "condition_trunk";
      String joined = prefix + "trunks";
      layers(graph.builder, prefix + "state_trunk_", states, STATES, stateOut);
      layers(graph.builder, prefix + "condition_trunk_", conditions, CONDITIONS, conditionOut);
      graph.builder.node("Concat", List.of(stateOut, conditionOut), List.of(joined),
          OnnxGraphBuilder.intAttribute("axis", 1));
      Mlp head = conditional.finalMlp();
      layers(graph.builder, prefix + "final_", head, joined, out);
      checkWidth(head, role, width);
      return;
    }
    Mlp mlp = mlp(estimator, role);
    checkInput(mlp, role, metadata.encodingDim() + metadata.conditionDim(), metadata.isConditional()
        ? "[" + STATES + ", " + CONDITIONS + "]" : "'" + STATES + "'");
    checkWidth(mlp, role, width);
    layers(graph.builder, prefix, mlp, graph.features(), out);
  }

  private static void checkWidth(Mlp mlp, String role, int width) {
    if (mlp.outputDim() != width) {
      throw new IllegalArgumentException("cannot export the " + role + " '" + mlp.describe() + "': it has "
          + mlp.outputDim() + " outputs but the environment needs " + width);
    }
  }

  private static void output(OnnxGraphBuilder graph, Mlp mlp, String role, String out, int width) {
    checkWidth(mlp, role, width);
    graph.output(out, TensorProto.DataType.FLOAT, ROWS, Dim.of(width));
  }

  private static void head(Graph graph, String prefix, Estimator estimator, String role, int width, String mask,
      String logits, String logProbs) {
    boolean[] allowAll = new boolean[width];
    Arrays.fill(allowAll, true);
    graph.builder.inputWithDefault(mask, TensorProto.DataType.BOOL,
        OnnxGraphBuilder.boolTensor(mask, allowAll, 1, width), ROWS, Dim.of(width));
    estimator(graph, prefix, estimator, role, width, logits);
    String masked = prefix + "masked_logits";
    String negativeInfinity = graph.builder.initializer(prefix + "masked_value",
        new float[] {Float.NEGATIVE_INFINITY});
    graph.builder.node("Where", List.of(mask, logits, negativeInfinity), List.of(masked));
    graph.builder.node("LogSoftmax", List.of(masked), List.of(logProbs), OnnxGraphBuilder.intAttribute("axis", -1));
    graph.builder.output(logits, TensorProto.DataType.FLOAT, ROWS, Dim.of(width));
    graph.builder.output(logProbs, TensorProto.DataType.FLOAT, ROWS, Dim.of(width));
  }

  /** The estimator's raw outputs as graph output {@code out}, float {@code [N, width]}. */
  private static void rawHead(Graph graph, String prefix, Estimator estimator, String role, int width,
      String out) {
    estimator(graph, prefix, estimator, role, width, out);
    graph.builder.output(out, TensorProto.DataType.FLOAT, ROWS, Dim.of(width));
  }

  /**
   * The MLP's linear layers and activations from {@code in}; the last layer's output (linear, as every exported
   * mlp's: policies, flows and the conditional mlp's trunks) is {@code out}.
   */
  private static void layers(OnnxGraphBuilder graph, String prefix, Mlp mlp, String in, String out) {
    int[] sizes = mlp.sizes();
    String h = in;
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
