package org.gfn4j.onnx.runtime;

import static java.util.Objects.requireNonNull;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.ValueInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Opens ONNX Runtime sessions on model files and describes their tensors, translating {@link OrtException}s into
 * {@link IllegalArgumentException}s that name the model file.
 *
 * <p>Sessions run with one intra-op and one inter-op thread: gfn4j's models are small, and callers that want
 * parallelism call {@link OrtSession#run} from several threads (it is thread-safe). They log errors only. The caller owns each session
 * it opens and closes it with {@link #close}.
 */
public final class OnnxSessions {
  private OnnxSessions() {}

  /** The process-wide ONNX Runtime environment (created on first use, never closed). */
  public static OrtEnvironment environment() {
    return OrtEnvironment.getEnvironment();
  }

  /**
   * Opens a session on {@code model}.
   *
   * @throws IllegalArgumentException if the file does not exist, is not a regular file, or is not a model ONNX
   *     Runtime can load (the message names the file and gives ONNX Runtime's reason)
   */
  public static OrtSession open(Path model) {
    checkFile(model);
    return create(model, options -> environment().createSession(model.toString(), options));
  }

  /**
   * Opens a session on {@code model} cut down to what {@code output} needs (ONNX Runtime would otherwise compute
   * every output of the graph on each run); the whole model if it has control-flow nodes.
   *
   * @throws IllegalArgumentException if the file does not exist, is not a regular file, is not a model ONNX
   *     Runtime can load, or has no output {@code output}
   */
  public static OrtSession openFor(Path model, String output) {
    checkFile(model);
    ModelProto proto;
    try {
      proto = ModelProto.parseFrom(Files.readAllBytes(model));
    } catch (IOException e) {
      throw new IllegalArgumentException("ONNX model " + model + " cannot be read: " + e.getMessage(), e);
    }
    if (proto.getGraph().getOutputList().stream().noneMatch(value -> value.getName().equals(output))) {
      throw new IllegalArgumentException("ONNX model " + model + " has no output '" + output + "'");
    }
    byte[] bytes = OutputPruning.keepOnly(proto, output).orElse(proto).toByteArray();
    return create(model, options -> environment().createSession(bytes, options));
  }

  private static void checkFile(Path model) {
    requireNonNull(model, "model is null");
    if (!Files.exists(model)) {
      throw new IllegalArgumentException("ONNX model " + model + " does not exist");
    }
    if (!Files.isRegularFile(model)) {
      throw new IllegalArgumentException("ONNX model " + model + " is not a file");
    }
  }

  /** What ONNX Runtime does to create a session with the given options, which may fail. */
  private interface SessionCreation {
    OrtSession create(OrtSession.SessionOptions options) throws OrtException;
  }

  private static OrtSession create(Path model, SessionCreation creation) {
    try (OrtSession.SessionOptions options = options()) {
      return creation.create(options);
    } catch (OrtException e) {
      throw new IllegalArgumentException("ONNX model " + model + " cannot be loaded: it is not a valid ONNX model"
          + " for ONNX Runtime (" + firstLine(e.getMessage()) + ")", e);
    }
  }

  private static OrtSession.SessionOptions options() throws OrtException {
    OrtSession.SessionOptions options = new OrtSession.SessionOptions();
    options.setIntraOpNumThreads(1);
    options.setInterOpNumThreads(1);
    // a policy's optional masks are overridable initialisers, about which ONNX Runtime warns on every load
    options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
    return options;
  }

  /** Closes {@code session}, reporting a failure as an {@link IllegalStateException} naming {@code model}. */
  public static void close(OrtSession session, Path model) {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException("cannot close the ONNX Runtime session of " + model + ": " + e.getMessage(), e);
    }
  }

  /** The inputs of {@code session} by name, in the model's order. */
  public static Map<String, NodeInfo> inputs(OrtSession session, Path model) {
    try {
      return session.getInputInfo();
    } catch (OrtException e) {
      throw new IllegalArgumentException("ONNX model " + model + ": cannot read its inputs (" + e.getMessage() + ")",
          e);
    }
  }

  /** The outputs of {@code session} by name, in the model's order. */
  public static Map<String, NodeInfo> outputs(OrtSession session, Path model) {
    try {
      return session.getOutputInfo();
    } catch (OrtException e) {
      throw new IllegalArgumentException("ONNX model " + model + ": cannot read its outputs (" + e.getMessage()
          + ")", e);
    }
  }

  /** The custom metadata ({@code metadata_props}) of {@code session}'s model. */
  public static Map<String, String> metadata(OrtSession session, Path model) {
    try {
      return session.getMetadata().getCustomMetadata();
    } catch (OrtException e) {
      throw new IllegalArgumentException("ONNX model " + model + ": cannot read its metadata (" + e.getMessage()
          + ")", e);
    }
  }

  /**
   * The tensor description of {@code node}.
   *
   * @param kind "input" or "output", for the message
   * @throws IllegalArgumentException naming the model and the tensor if the value is not a tensor (a map, a
   *     sequence)
   */
  public static TensorInfo tensor(NodeInfo node, String kind, Path model) {
    ValueInfo info = node.getInfo();
    if (!(info instanceof TensorInfo tensor)) {
      throw new IllegalArgumentException("ONNX model " + model + ": " + kind + " '" + node.getName() + "' is "
          + info + ", not a tensor");
    }
    return tensor;
  }

  /** The element type of a tensor as ONNX names it ({@code "float"}, {@code "int64"}). */
  public static String elementType(TensorInfo tensor) {
    return tensor.onnxType.name().replace("ONNX_TENSOR_ELEMENT_DATA_TYPE_", "").toLowerCase(Locale.ROOT);
  }

  /** The shape of a tensor as ONNX Runtime reports it, {@code -1} for a dynamic dimension ({@code "[-1, 16]"}). */
  public static String shape(TensorInfo tensor) {
    return Arrays.toString(tensor.getShape());
  }

  /** The first line of an ONNX Runtime message (they can run to several lines of native context). */
  public static String firstLine(String message) {
    if (message == null) {
      return "no message";
    }
    int end = message.indexOf('\n');
    return (end < 0 ? message : message.substring(0, end)).trim();
  }
}
