package org.gfn4j.onnx.policy;

import static java.util.Objects.requireNonNull;

import ai.onnxruntime.OrtSession;
import java.nio.file.Path;
import org.gfn4j.onnx.export.ExportMetadata;
import org.gfn4j.onnx.runtime.OnnxSessions;

/** Reads what an exported policy file says about itself. */
public final class PolicyFiles {
  private PolicyFiles() {}

  /**
   * The gfn4j metadata of {@code model}, read with ONNX Runtime (the session is closed before returning).
   *
   * @throws IllegalArgumentException naming the file if it is missing, not ONNX, or not a gfn4j policy export
   */
  public static ExportMetadata readMetadata(Path model) {
    requireNonNull(model, "model is null");
    OrtSession session = OnnxSessions.open(model);
    try {
      return ExportMetadata.fromProperties(OnnxSessions.metadata(session, model), "ONNX model " + model);
    } finally {
      OnnxSessions.close(session, model);
    }
  }
}
