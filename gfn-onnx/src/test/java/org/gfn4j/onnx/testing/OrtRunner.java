package org.gfn4j.onnx.testing;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gfn4j.api.env.Masks;
import org.gfn4j.onnx.runtime.OnnxSessions;

/** Runs a model file in ONNX Runtime on float and boolean matrices and returns every output as doubles. */
public final class OrtRunner {
  private OrtRunner() {}

  /** A named input: a float matrix, or a boolean one built from masks. */
  public record Input(String name, float[] floats, Masks masks, long rows, long cols) {
    /** A float input. */
    public static Input floats(String name, float[] values, long rows, long cols) {
      return new Input(name, values, null, rows, cols);
    }

    /** A boolean input from masks. */
    public static Input mask(String name, Masks masks) {
      return new Input(name, null, masks, masks.rows(), masks.width());
    }
  }

  /** Every output of {@code model} on {@code inputs}, flattened row-major to doubles. */
  public static Map<String, double[]> run(Path model, List<Input> inputs) throws OrtException {
    try (OrtSession session = OnnxSessions.open(model)) {
      Map<String, OnnxTensor> feeds = new HashMap<>();
      try {
        for (Input input : inputs) {
          feeds.put(input.name(), tensor(input));
        }
        Map<String, double[]> outputs = new LinkedHashMap<>();
        try (OrtSession.Result result = session.run(feeds)) {
          for (Map.Entry<String, OnnxValue> entry : result) {
            FloatBuffer buffer = ((OnnxTensor) entry.getValue()).getFloatBuffer();
            double[] values = new double[buffer.remaining()];
            for (int i = 0; i < values.length; i++) {
              values[i] = buffer.get(i);
            }
            outputs.put(entry.getKey(), values);
          }
        }
        return outputs;
      } finally {
        feeds.values().forEach(OnnxTensor::close);
      }
    }
  }

  private static OnnxTensor tensor(Input input) throws OrtException {
    if (input.floats() != null) {
      return OnnxTensor.createTensor(OnnxSessions.environment(), FloatBuffer.wrap(input.floats()),
          new long[] {input.rows(), input.cols()});
    }
    boolean[][] values = new boolean[(int) input.rows()][(int) input.cols()];
    for (int r = 0; r < values.length; r++) {
      for (int a = 0; a < values[r].length; a++) {
        values[r][a] = input.masks().isAllowed(r, a);
      }
    }
    return OnnxTensor.createTensor(OnnxSessions.environment(), values);
  }
}
