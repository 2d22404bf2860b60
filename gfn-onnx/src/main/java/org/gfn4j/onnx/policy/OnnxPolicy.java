package org.gfn4j.onnx.policy;

import static java.util.Objects.requireNonNull;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.policy.EstimatorShape;
import org.gfn4j.api.policy.ForwardPass;
import org.gfn4j.core.backend.Nd4jBackend;
import org.gfn4j.onnx.export.ExportMetadata;
import org.gfn4j.onnx.export.PolicyExporter;
import org.gfn4j.onnx.runtime.OnnxSessions;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An inference-only estimator that runs an exported policy file with ONNX Runtime: {@link #predict} feeds the
 * encoded states to input {@value PolicyExporter#STATES} and returns one output ({@value PolicyExporter#LOGITS}
 * for a forward policy, {@value PolicyExporter#PB_LOGITS} for a backward one). Masks are applied by the caller
 * (the sampler), as with any estimator. It has no parameters and cannot be trained: {@link #forward} throws.
 *
 * <p>Thread-safe ({@link OrtSession#run} is). Ownership: the caller of {@link #open} owns the ONNX Runtime
 * session and releases it with {@link #close}, once no thread is predicting any more; each call's tensors are
 * closed before it returns. A policy created
 * through the "onnx" provider by a run lives as long as the process.
 */
public final class OnnxPolicy implements Estimator, AutoCloseable {
  private final Path model;
  private final OrtSession session;
  private final String outputName;
  private final int inputDim;
  private final int outputDim;
  private final INDArray empty = Nd4j.create(DataType.FLOAT, 0);
  private final AtomicBoolean closed = new AtomicBoolean();

  private OnnxPolicy(Path model, OrtSession session, String outputName, int inputDim, int outputDim) {
    this.model = model;
    this.session = session;
    this.outputName = outputName;
    this.inputDim = inputDim;
    this.outputDim = outputDim;
  }

  /**
   * Loads {@code model} and checks its input and output widths against {@code shape}.
   *
   * @param outputName the output to return ({@value PolicyExporter#LOGITS} or {@value PolicyExporter#PB_LOGITS})
   * @throws IllegalArgumentException naming the model, the tensor, what was expected and what was found, if the
   *     file is missing or not ONNX, lacks the input or output, or their widths or types do not fit; naming the
   *     model and what is not supported yet, if it is the export of a continuous or conditional policy
   */
  public static OnnxPolicy open(Path model, EstimatorShape shape, String outputName) {
    requireNonNull(model, "model is null");
    requireNonNull(shape, "shape is null");
    requireNonNull(outputName, "outputName is null");
    OrtSession session = OnnxSessions.open(model);
    try {
      String role = "the " + shape.role() + " estimator";
      refuseUnsupportedKinds(OnnxSessions.metadata(session, model), model);
      Map<String, NodeInfo> inputs = OnnxSessions.inputs(session, model);
      NodeInfo states = inputs.get(PolicyExporter.STATES);
      if (states == null) {
        throw new IllegalArgumentException("ONNX model " + model + " has no input '" + PolicyExporter.STATES
            + "' (its inputs are " + inputs.keySet() + "); expected a policy written by 'gfn export'");
      }
      for (String name : inputs.keySet()) {
        if (!name.equals(PolicyExporter.STATES)) {
          throw new IllegalArgumentException("ONNX model " + model + " needs input '" + name + "', which a policy "
              + "does not feed; expected '" + PolicyExporter.STATES + "' only (masks are optional inputs)");
        }
      }
      TensorInfo statesTensor = OnnxSessions.tensor(states, "input", model);
      long[] statesShape = statesTensor.getShape();
      if (statesTensor.type != OnnxJavaType.FLOAT || statesShape.length != 2 || statesShape[1] != shape.inputDim()) {
        throw new IllegalArgumentException("ONNX model " + model + ": input '" + PolicyExporter.STATES + "' is "
            + OnnxSessions.elementType(statesTensor) + " " + OnnxSessions.shape(statesTensor) + " but " + role
            + " needs float [N, " + shape.inputDim() + "] (the environment's encoding)");
      }
      Map<String, NodeInfo> outputs = OnnxSessions.outputs(session, model);
      NodeInfo output = outputs.get(outputName);
      if (output == null) {
        throw new IllegalArgumentException("ONNX model " + model + " has no output '" + outputName + "' for " + role
            + " (its outputs are " + outputs.keySet() + ")"
            + (outputName.equals(PolicyExporter.PB_LOGITS) ? "; it was exported without a trained backward policy"
                : ""));
      }
      TensorInfo outputTensor = OnnxSessions.tensor(output, "output", model);
      long[] outputShape = outputTensor.getShape();
      if (outputTensor.type != OnnxJavaType.FLOAT || outputShape.length != 2
          || outputShape[1] != shape.outputDim()) {
        throw new IllegalArgumentException("ONNX model " + model + ": output '" + outputName + "' is "
            + OnnxSessions.elementType(outputTensor) + " " + OnnxSessions.shape(outputTensor) + " but " + role
            + " needs float [N, " + shape.outputDim() + "] (one logit per action)");
      }
    } catch (RuntimeException e) {
      try {
        session.close();
      } catch (OrtException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    // checked on the whole model; run on the part the output needs (ONNX Runtime computes every output)
    OnnxSessions.close(session, model);
    return new OnnxPolicy(model, OnnxSessions.openFor(model, outputName), outputName, shape.inputDim(),
        shape.outputDim());
  }

  /**
   * Refuses exports this policy cannot run yet, from their metadata: continuous environments (the file outputs a
   * head's raw parameters, not logits) and conditional ones (the file reads conditions). Files without gfn4j
   * metadata, or of format 1, pass.
   */
  private static void refuseUnsupportedKinds(Map<String, String> metadata, Path model) {
    String kind = metadata.get(ExportMetadata.KEY_KIND);
    if (ExportMetadata.CONTINUOUS.equals(kind)) {
      throw new IllegalArgumentException("ONNX model " + model + " is a policy over continuous environment '"
          + metadata.get(ExportMetadata.KEY_ENVIRONMENT) + "' (output '" + PolicyExporter.HEAD_OUTPUTS
          + "'): policy 'onnx' does not support continuous policies yet, only discrete unconditional ones");
    }
    String conditionDim = metadata.get(ExportMetadata.KEY_CONDITION_DIM);
    if (conditionDim != null && !conditionDim.trim().equals("0")) {
      throw new IllegalArgumentException("ONNX model " + model + " is a conditional policy over environment '"
          + metadata.get(ExportMetadata.KEY_ENVIRONMENT) + "' (input '" + PolicyExporter.CONDITIONS + "' [N, "
          + conditionDim.trim() + "]): policy 'onnx' does not support conditional policies yet, only discrete "
          + "unconditional ones");
    }
  }

  /** The model file. */
  public Path model() {
    return model;
  }

  /** The output this estimator returns. */
  public String outputName() {
    return outputName;
  }

  @Override
  public int inputDim() {
    return inputDim;
  }

  @Override
  public int outputDim() {
    return outputDim;
  }

  /**
   * Not supported: an ONNX policy runs inference only.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public ForwardPass forward(INDArray input) {
    throw new UnsupportedOperationException("ONNX policy " + model + " runs inference only (predict); it cannot be"
        + " trained: train an mlp policy and export it with 'gfn export'");
  }

  /**
   * Runs the model on {@code input} ({@code [rows, inputDim]}) and returns the chosen output
   * ({@code [rows, outputDim]}, the input's data type).
   *
   * @throws IllegalArgumentException if the input has the wrong shape or ONNX Runtime fails, naming the model
   * @throws IllegalStateException after {@link #close}
   */
  @Override
  public INDArray predict(INDArray input) {
    requireNonNull(input, "input is null");
    if (closed.get()) {
      throw new IllegalStateException("ONNX policy " + model + " is closed");
    }
    if (input.rank() != 2 || input.columns() != inputDim) {
      throw new IllegalArgumentException("ONNX policy " + model + " expects input [rows, " + inputDim + "], got "
          + Arrays.toString(input.shape()));
    }
    int rows = input.rows();
    if (rows == 0) {
      return Nd4j.create(input.dataType(), 0, outputDim);
    }
    float[] features = Nd4jBackend.toFloats(input.dataType() == DataType.FLOAT ? input
        : input.castTo(DataType.FLOAT));
    INDArray output = Nd4jBackend.matrix(run(features, rows), rows, outputDim);
    return input.dataType() == DataType.FLOAT ? output : output.castTo(input.dataType());
  }

  /**
   * Inference on plain arrays without ND4J (what samplers and evaluators call): the features go to ONNX Runtime
   * and its float outputs come back as doubles.
   *
   * @throws IllegalArgumentException if there are too few features or ONNX Runtime fails, naming the model
   * @throws IllegalStateException after {@link #close}
   */
  @Override
  public double[] predict(float[] features, int rows) {
    requireNonNull(features, "features is null");
    if (closed.get()) {
      throw new IllegalStateException("ONNX policy " + model + " is closed");
    }
    if (rows < 0 || features.length < (long) rows * inputDim) {
      throw new IllegalArgumentException("ONNX policy " + model + " expects " + rows + " x " + inputDim
          + " features, got " + features.length);
    }
    if (rows == 0) {
      return new double[0];
    }
    return Nd4jBackend.toDoubles(run(features.length == rows * inputDim ? features
        : Arrays.copyOf(features, rows * inputDim), rows));
  }

  /** One ONNX Runtime run on {@code rows} encoded states ({@code features} holds exactly that many). */
  private float[] run(float[] features, int rows) {
    float[] values = new float[rows * outputDim];
    long[] shape = {rows, inputDim};
    try (OnnxTensor tensor = OnnxTensor.createTensor(OnnxSessions.environment(), FloatBuffer.wrap(features), shape);
        OrtSession.Result result = session.run(Map.of(PolicyExporter.STATES, tensor), Set.of(outputName))) {
      OnnxValue value = result.get(outputName).orElseThrow();
      if (!(value instanceof OnnxTensor out) || out.getInfo().getNumElements() != values.length) {
        throw new IllegalArgumentException("ONNX model " + model + ": output '" + outputName + "' is "
            + value.getInfo() + " for " + rows + " states; expected float [" + rows + ", " + outputDim + "]");
      }
      out.getFloatBuffer().get(values);
    } catch (OrtException e) {
      throw new IllegalArgumentException("ONNX model " + model + " failed on a batch of " + rows + " states: "
          + OnnxSessions.firstLine(e.getMessage()), e);
    }
    return values;
  }

  /** Empty: an ONNX policy has no trainable parameters. */
  @Override
  public INDArray parameters() {
    return empty;
  }

  /** Empty, like {@link #parameters()}. */
  @Override
  public INDArray gradients() {
    return empty;
  }

  @Override
  public String describe() {
    return "onnx " + model.getFileName() + " ('" + outputName + "')";
  }

  /** Releases the ONNX Runtime session; later calls to {@link #predict} fail. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      OnnxSessions.close(session, model);
    }
  }

  @Override
  public String toString() {
    return describe();
  }
}
