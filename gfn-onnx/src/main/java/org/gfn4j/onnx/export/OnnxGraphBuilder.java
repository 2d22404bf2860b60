package org.gfn4j.onnx.export;

import static java.util.Objects.requireNonNull;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds an ONNX model on the protobuf classes: typed graph inputs and outputs, float and boolean initialisers,
 * operator nodes with attributes, and metadata. Names must be unique within the graph; a repeated name fails.
 *
 * <p>Models declare IR version {@value #IR_VERSION} and the default-domain opset {@value #OPSET}: what ONNX
 * Runtime 1.29 runs and what the ONNX 1.12 checker (Debian bookworm's {@code python3-onnx}) accepts.
 *
 * <pre>{@code
 * OnnxGraphBuilder graph = new OnnxGraphBuilder("affine");
 * graph.input("x", TensorProto.DataType.FLOAT, Dim.named("N"), Dim.of(3));
 * graph.initializer("w", new float[] {1, 2, 3}, 3, 1);
 * graph.initializer("b", new float[] {0.5f}, 1);
 * graph.node("Gemm", List.of("x", "w", "b"), List.of("y"));
 * graph.output("y", TensorProto.DataType.FLOAT, Dim.named("N"), Dim.of(1));
 * ModelProto model = graph.build("example", "1.0");
 * }</pre>
 */
public final class OnnxGraphBuilder {
  /** The ONNX IR version written. */
  public static final long IR_VERSION = 8;
  /** The default-domain operator set written. */
  public static final long OPSET = 17;

  /**
   * One dimension of a declared tensor shape: a fixed size, or a named dynamic one.
   *
   * @param value the size, or -1 when dynamic
   * @param param the name of a dynamic dimension ({@code "N"}), or null when fixed
   */
  public record Dim(long value, String param) {
    public Dim {
      if ((param == null) == (value < 0)) {
        throw new IllegalArgumentException("a dimension is either a size >= 0 or a named dynamic one, got " + value
            + " / " + param);
      }
    }

    /** A fixed dimension. */
    public static Dim of(long value) {
      return new Dim(value, null);
    }

    /** A dynamic dimension called {@code param}. */
    public static Dim named(String param) {
      return new Dim(-1, requireNonNull(param, "param is null"));
    }
  }

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final Map<String, String> metadata = new LinkedHashMap<>();
  private final Set<String> names = new HashSet<>();

  /** A builder of a graph called {@code name}. */
  public OnnxGraphBuilder(String name) {
    graph.setName(requireNonNull(name, "name is null"));
  }

  /** Declares a graph input. */
  public OnnxGraphBuilder input(String name, TensorProto.DataType type, Dim... shape) {
    graph.addInput(valueInfo(claim(name), type, shape));
    return this;
  }

  /**
   * Declares a graph input with a default value: callers of the model may feed it or leave it out (an ONNX
   * "overridable initialiser").
   */
  public OnnxGraphBuilder inputWithDefault(String name, TensorProto.DataType type, TensorProto defaultValue,
      Dim... shape) {
    graph.addInput(valueInfo(claim(name), type, shape));
    graph.addInitializer(defaultValue.toBuilder().setName(name).build());
    return this;
  }

  /** Declares a graph output (an existing node output). */
  public OnnxGraphBuilder output(String name, TensorProto.DataType type, Dim... shape) {
    if (!names.contains(name)) {
      throw new IllegalArgumentException("graph output '" + name + "' is not produced by any node or input");
    }
    graph.addOutput(valueInfo(name, type, shape));
    return this;
  }

  /** Adds a float initialiser (a constant) of the given shape and returns its name. */
  public String initializer(String name, float[] values, long... shape) {
    graph.addInitializer(floatTensor(claim(name), values, shape));
    return name;
  }

  /** Adds an operator node with the given inputs, outputs and attributes. */
  public OnnxGraphBuilder node(String opType, List<String> inputs, List<String> outputs,
      AttributeProto... attributes) {
    NodeProto.Builder node = NodeProto.newBuilder().setOpType(opType).setName(outputs.get(0) + "_" + opType);
    for (String input : inputs) {
      if (!input.isEmpty() && !names.contains(input)) {
        throw new IllegalArgumentException("node " + opType + " reads '" + input + "', which nothing produces");
      }
      node.addInput(input);
    }
    for (String output : outputs) {
      node.addOutput(claim(output));
    }
    for (AttributeProto attribute : attributes) {
      node.addAttribute(attribute);
    }
    graph.addNode(node);
    return this;
  }

  /** Adds a {@code key = value} entry to the model's metadata ({@code metadata_props}). */
  public OnnxGraphBuilder metadata(String key, String value) {
    metadata.put(requireNonNull(key, "key is null"), requireNonNull(value, "value of " + key + " is null"));
    return this;
  }

  /** Sets the graph's documentation string. */
  public OnnxGraphBuilder documentation(String text) {
    graph.setDocString(requireNonNull(text, "text is null"));
    return this;
  }

  /** The model: this graph, the opset, the producer and the metadata. */
  public ModelProto build(String producer, String producerVersion) {
    ModelProto.Builder model = ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setProducerName(producer)
        .setProducerVersion(producerVersion)
        .setGraph(graph);
    metadata.forEach((key, value) -> model.addMetadataProps(
        StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
    return model.build();
  }

  /** A float attribute. */
  public static AttributeProto floatAttribute(String name, float value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
  }

  /** An integer attribute. */
  public static AttributeProto intAttribute(String name, long value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
  }

  /** A tensor attribute (the value of a {@code Constant}). */
  public static AttributeProto tensorAttribute(String name, TensorProto value) {
    return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR).setT(value)
        .build();
  }

  /** A float tensor of the given shape, little-endian raw data. */
  public static TensorProto floatTensor(String name, float[] values, long... shape) {
    checkCount(name, values.length, shape);
    ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    return tensor(name, TensorProto.DataType.FLOAT, shape).setRawData(ByteString.copyFrom(bytes.array())).build();
  }

  /** A boolean tensor of the given shape. */
  public static TensorProto boolTensor(String name, boolean[] values, long... shape) {
    checkCount(name, values.length, shape);
    byte[] bytes = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = (byte) (values[i] ? 1 : 0);
    }
    return tensor(name, TensorProto.DataType.BOOL, shape).setRawData(ByteString.copyFrom(bytes)).build();
  }

  private static TensorProto.Builder tensor(String name, TensorProto.DataType type, long... shape) {
    TensorProto.Builder tensor = TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
    for (long dim : shape) {
      tensor.addDims(dim);
    }
    return tensor;
  }

  private static void checkCount(String name, int count, long... shape) {
    long expected = 1;
    for (long dim : shape) {
      expected *= dim;
    }
    if (expected != count) {
      throw new IllegalArgumentException("tensor '" + name + "': " + count + " values do not fill shape "
          + java.util.Arrays.toString(shape));
    }
  }

  private String claim(String name) {
    requireNonNull(name, "name is null");
    if (name.isEmpty() || !names.add(name)) {
      throw new IllegalArgumentException("graph name '" + name + "' is empty or already used");
    }
    return name;
  }

  private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, Dim... shape) {
    TensorShapeProto.Builder dims = TensorShapeProto.newBuilder();
    for (Dim dim : shape) {
      dims.addDim(dim.param() == null ? TensorShapeProto.Dimension.newBuilder().setDimValue(dim.value())
          : TensorShapeProto.Dimension.newBuilder().setDimParam(dim.param()));
    }
    return ValueInfoProto.newBuilder().setName(name)
        .setType(TypeProto.newBuilder().setTensorType(
            TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(dims)))
        .build();
  }
}
