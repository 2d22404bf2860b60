package org.gfn4j.onnx.reward;

import static java.util.Objects.requireNonNull;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gfn4j.api.env.States;
import org.gfn4j.api.env.StepEnvironment;
import org.gfn4j.api.reward.RewardFunction;
import org.gfn4j.onnx.runtime.OnnxSessions;

/**
 * A proxy reward computed by an ONNX model: terminal states are encoded with the environment's encoding
 * ({@link StepEnvironment#encode}), fed to the model's one input in batches, and its output is read as the
 * reward or the log-reward of each state.
 *
 * <p>At {@link #open} the model's input and output are checked against the environment: the input must be a
 * float (or double) tensor of shape {@code [N, encodingDim]} (the batch dimension dynamic, or fixed, in which case
 * batches are padded to it), the output a float (or double) tensor of shape {@code [N]} or {@code [N, 1]}.
 * Every value is checked when scoring: a NaN, an infinity or (for {@link Output#REWARD}) a negative reward fails
 * naming the model, the output, the state and the value.
 *
 * <p>Thread-safe: {@link #logReward} may be called from several threads ({@link OrtSession#run} is). Ownership:
 * the caller of {@link #open} owns the ONNX Runtime session and releases it with {@link #close}, once no thread is
 * scoring any more; each batch's input and output tensors are closed before {@link #logReward} returns. A reward
 * created through the "onnx" provider by a run lives as long as the process.
 */
public final class OnnxReward implements RewardFunction, AutoCloseable {
  /** How the model's output is read. */
  public enum Output {
    /** The output is the reward itself: finite and {@code >= 0} (0 is log-reward {@code -inf}). */
    REWARD,
    /** The output is the log-reward: finite or {@code -inf}. */
    LOG_REWARD
  }

  private final Path model;
  private final StepEnvironment<?, ?> environment;
  private final Output output;
  private final OrtSession session;
  private final String inputName;
  private final String outputName;
  private final boolean doubleInput;
  private final int chunk;
  private final boolean padded;
  private final AtomicBoolean closed = new AtomicBoolean();

  private OnnxReward(Path model, StepEnvironment<?, ?> environment, Output output, OrtSession session,
      String inputName, String outputName, boolean doubleInput, int chunk, boolean padded) {
    this.model = model;
    this.environment = environment;
    this.output = output;
    this.session = session;
    this.inputName = inputName;
    this.outputName = outputName;
    this.doubleInput = doubleInput;
    this.chunk = chunk;
    this.padded = padded;
  }

  /**
   * Loads {@code model} and checks it against {@code environment}'s encoding.
   *
   * @param inputName the input tensor to feed, or empty for the model's only input
   * @param outputName the output tensor to read, or empty for the model's only output
   * @param batchSize most states per ONNX Runtime call (ignored when the model fixes its batch dimension)
   * @throws IllegalArgumentException naming the model, the tensor, what was expected and what was found, if the
   *     file is missing or not ONNX, or the model's input or output does not fit
   */
  public static OnnxReward open(Path model, StepEnvironment<?, ?> environment, Output output, String inputName,
      String outputName, int batchSize) {
    requireNonNull(model, "model is null");
    requireNonNull(environment, "environment is null");
    requireNonNull(output, "output is null");
    requireNonNull(inputName, "inputName is null");
    requireNonNull(outputName, "outputName is null");
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
    }
    OrtSession session = OnnxSessions.open(model);
    try {
      String expected = "[N, " + environment.encodingDim() + "] (" + environment.encoding() + ")";
      NodeInfo input = pick(OnnxSessions.inputs(session, model), inputName, "input", "input_name", model,
          "exactly one input, the encoded states " + expected);
      TensorInfo inputTensor = OnnxSessions.tensor(input, "input", model);
      String encodes = "environment '" + environment.name() + "' encodes states as ";
      if (inputTensor.type != OnnxJavaType.FLOAT && inputTensor.type != OnnxJavaType.DOUBLE) {
        throw new IllegalArgumentException("ONNX model " + model + ": input '" + input.getName()
            + "' has element type " + OnnxSessions.elementType(inputTensor) + " but " + encodes + "float "
            + expected);
      }
      long[] inputShape = inputTensor.getShape();
      if (inputShape.length != 2 || (inputShape[1] != environment.encodingDim() && inputShape[1] >= 0)
          || inputShape[0] == 0) {
        throw new IllegalArgumentException("ONNX model " + model + ": input '" + input.getName() + "' has shape "
            + OnnxSessions.shape(inputTensor) + " but " + encodes + expected);
      }
      NodeInfo out = pick(OnnxSessions.outputs(session, model), outputName, "output", "output_name", model,
          "one output, the " + word(output) + " of each state");
      TensorInfo outTensor = OnnxSessions.tensor(out, "output", model);
      if (outTensor.type != OnnxJavaType.FLOAT && outTensor.type != OnnxJavaType.DOUBLE) {
        throw new IllegalArgumentException("ONNX model " + model + ": output '" + out.getName()
            + "' has element type " + OnnxSessions.elementType(outTensor) + " but a proxy reward reads a float "
            + word(output) + " per state, [N] or [N, 1]");
      }
      long[] outShape = outTensor.getShape();
      boolean oneValuePerRow = outShape.length == 1 || (outShape.length == 2 && outShape[1] <= 1 && outShape[1] != 0);
      if (!oneValuePerRow) {
        throw new IllegalArgumentException("ONNX model " + model + ": output '" + out.getName() + "' has shape "
            + OnnxSessions.shape(outTensor) + " but a proxy reward reads one " + word(output)
            + " per state, [N] or [N, 1]");
      }
      boolean fixed = inputShape[0] > 0;
      int chunk = fixed ? Math.toIntExact(inputShape[0]) : batchSize;
      return new OnnxReward(model, environment, output, session, input.getName(), out.getName(),
          inputTensor.type == OnnxJavaType.DOUBLE, chunk, fixed);
    } catch (RuntimeException e) {
      try {
        session.close();
      } catch (OrtException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }

  private static NodeInfo pick(Map<String, NodeInfo> nodes, String name, String kind, String key, Path model,
      String expected) {
    if (!name.isEmpty()) {
      NodeInfo node = nodes.get(name);
      if (node == null) {
        throw new IllegalArgumentException("ONNX model " + model + " has no " + kind + " '" + name + "' (" + key
            + "); its " + kind + "s are " + nodes.keySet());
      }
      if (kind.equals("input") && nodes.size() != 1) {
        throw new IllegalArgumentException("ONNX model " + model + " needs " + nodes.size() + " inputs "
            + nodes.keySet() + " but a proxy reward feeds " + expected);
      }
      return node;
    }
    if (nodes.size() != 1) {
      throw new IllegalArgumentException("ONNX model " + model + " has " + nodes.size() + " " + kind + "s "
          + nodes.keySet() + " but a proxy reward expects " + expected
          + (kind.equals("output") && nodes.size() > 1 ? "; choose one with " + key + "=NAME" : ""));
    }
    return nodes.values().iterator().next();
  }

  private static String word(Output output) {
    return output == Output.REWARD ? "reward" : "log-reward";
  }

  /** The model file. */
  public Path model() {
    return model;
  }

  /** The input tensor fed with encoded states. */
  public String inputName() {
    return inputName;
  }

  /** The output tensor read. */
  public String outputName() {
    return outputName;
  }

  /**
   * Scores {@code terminalStates} with the model, in batches.
   *
   * @throws IllegalArgumentException naming the model, the output, the state and the value if an output is NaN,
   *     infinite or (for {@link Output#REWARD}) negative, or if ONNX Runtime fails on a batch
   * @throws IllegalStateException after {@link #close}
   */
  @Override
  public double[] logReward(States terminalStates) {
    requireNonNull(terminalStates, "terminalStates is null");
    if (closed.get()) {
      throw new IllegalStateException("ONNX proxy reward " + model + " is closed");
    }
    int rows = terminalStates.size();
    int width = environment.encodingDim();
    float[] features = new float[rows * width];
    environment.encodeOf(terminalStates, features);
    double[] logRewards = new double[rows];
    for (int from = 0; from < rows; from += chunk) {
      int count = Math.min(chunk, rows - from);
      int fed = padded ? chunk : count;
      double[] values = run(features, from, count, fed, width);
      for (int i = 0; i < count; i++) {
        logRewards[from + i] = toLogReward(values[i], terminalStates, from + i);
      }
    }
    return logRewards;
  }

  private double[] run(float[] features, int from, int count, int fed, int width) {
    long[] shape = {fed, width};
    try (OnnxTensor input = inputTensor(features, from, count, fed, width, shape);
        OrtSession.Result result = session.run(Map.of(inputName, input), Set.of(outputName))) {
      OnnxValue value = result.get(outputName).orElseThrow();
      if (!(value instanceof OnnxTensor tensor)) {
        throw new IllegalArgumentException("ONNX model " + model + ": output '" + outputName + "' is not a tensor");
      }
      long[] outShape = tensor.getInfo().getShape();
      long elements = tensor.getInfo().getNumElements();
      if (elements != fed || outShape.length < 1 || outShape[0] != fed) {
        throw new IllegalArgumentException("ONNX model " + model + ": output '" + outputName + "' has shape "
            + java.util.Arrays.toString(outShape) + " for " + fed + " states; expected [" + fed + "] or [" + fed
            + ", 1]");
      }
      double[] values = new double[count];
      if (tensor.getInfo().type == OnnxJavaType.DOUBLE) {
        DoubleBuffer buffer = tensor.getDoubleBuffer();
        for (int i = 0; i < count; i++) {
          values[i] = buffer.get(i);
        }
      } else {
        FloatBuffer buffer = tensor.getFloatBuffer();
        for (int i = 0; i < count; i++) {
          values[i] = buffer.get(i);
        }
      }
      return values;
    } catch (OrtException e) {
      throw new IllegalArgumentException("ONNX model " + model + " failed on a batch of " + fed + " states fed to '"
          + inputName + "' " + java.util.Arrays.toString(shape) + ": " + OnnxSessions.firstLine(e.getMessage()), e);
    }
  }

  private OnnxTensor inputTensor(float[] features, int from, int count, int fed, int width, long[] shape)
      throws OrtException {
    if (doubleInput) {
      double[] values = new double[fed * width];
      for (int i = 0; i < count * width; i++) {
        values[i] = features[from * width + i];
      }
      return OnnxTensor.createTensor(OnnxSessions.environment(), DoubleBuffer.wrap(values), shape);
    }
    float[] values = new float[fed * width];
    System.arraycopy(features, from * width, values, 0, count * width);
    return OnnxTensor.createTensor(OnnxSessions.environment(), FloatBuffer.wrap(values), shape);
  }

  private double toLogReward(double value, States states, int row) {
    boolean valid = output == Output.REWARD
        ? value >= 0 && value < Double.POSITIVE_INFINITY
        : !Double.isNaN(value) && value < Double.POSITIVE_INFINITY;
    if (!valid) {
      throw new IllegalArgumentException("ONNX model " + model + ": output '" + outputName + "' is " + value
          + " for state " + states.format(row) + " (row " + row + ") of environment '" + environment.name()
          + "'; expected " + (output == Output.REWARD ? "a finite reward >= 0 (output=reward)"
              : "a finite log-reward or -inf (output=log_reward)"));
    }
    return output == Output.REWARD ? Math.log(value) : value;
  }

  @Override
  public String describe() {
    return "onnx proxy " + model.getFileName() + " ('" + outputName + "' as " + word(output) + ")";
  }

  /** Releases the ONNX Runtime session; later calls to {@link #logReward} fail. Idempotent. */
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
