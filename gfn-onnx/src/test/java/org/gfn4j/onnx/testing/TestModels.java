package org.gfn4j.onnx.testing;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.gfn4j.onnx.export.OnnxGraphBuilder;
import org.gfn4j.onnx.export.OnnxGraphBuilder.Dim;

/** Small ONNX models for tests, built with {@link OnnxGraphBuilder}. */
public final class TestModels {
  private TestModels() {}

  /**
   * An affine model {@code y = x @ w + b}: input {@code x} ({@code type} [N, width]), output {@code y} of shape
   * {@code [N, 1]} (or {@code [N]} when {@code flat}).
   */
  public static Path affine(Path file, int width, float[] w, float b, boolean flat) {
    return flat ? write(file, flatModel(width, w, b)) : affine(file, Dim.named("N"), width, w, b);
  }

  /** {@code y = x @ w + b} with input {@code x} [rows, width] and output {@code y} [rows, 1]. */
  public static Path affine(Path file, Dim rows, int width, float[] w, float b) {
    OnnxGraphBuilder graph = new OnnxGraphBuilder("affine");
    graph.input("x", TensorProto.DataType.FLOAT, rows, Dim.of(width));
    graph.initializer("w", w, width, 1);
    graph.initializer("b", new float[] {b}, 1);
    graph.node("Gemm", List.of("x", "w", "b"), List.of("y"));
    graph.output("y", TensorProto.DataType.FLOAT, rows, Dim.of(1));
    return write(file, graph.build("gfn4j-tests", "1"));
  }

  private static ModelProto flatModel(int width, float[] w, float b) {
    OnnxGraphBuilder graph = new OnnxGraphBuilder("affine_flat");
    graph.input("x", TensorProto.DataType.FLOAT, Dim.named("N"), Dim.of(width));
    graph.initializer("w", w, width);
    graph.initializer("b", new float[] {b});
    graph.node("MatMul", List.of("x", "w"), List.of("xw"));
    graph.node("Add", List.of("xw", "b"), List.of("y"));
    graph.output("y", TensorProto.DataType.FLOAT, Dim.named("N"));
    return graph.build("gfn4j-tests", "1");
  }

  /** A model whose input {@code x} has the given element type and shape, and output {@code y = x}. */
  public static Path withInput(Path file, TensorProto.DataType type, Dim... shape) {
    OnnxGraphBuilder graph = new OnnxGraphBuilder("input_check");
    graph.input("x", type, shape);
    graph.node("Identity", List.of("x"), List.of("y"));
    graph.output("y", type, shape);
    return write(file, graph.build("gfn4j-tests", "1"));
  }

  /** A model {@code [N, width] -> y = x @ ones([width, outWidth])}: output shape {@code [N, outWidth]}. */
  public static Path withOutputWidth(Path file, int width, int outWidth) {
    OnnxGraphBuilder graph = new OnnxGraphBuilder("output_check");
    graph.input("x", TensorProto.DataType.FLOAT, Dim.named("N"), Dim.of(width));
    float[] ones = new float[width * outWidth];
    java.util.Arrays.fill(ones, 1f);
    graph.initializer("w", ones, width, outWidth);
    graph.node("MatMul", List.of("x", "w"), List.of("y"));
    graph.output("y", TensorProto.DataType.FLOAT, Dim.named("N"), Dim.of(outWidth));
    return write(file, graph.build("gfn4j-tests", "1"));
  }

  /** A model with one input {@code x} [N, width] and two outputs {@code a} and {@code b} ([N, 1] each). */
  public static Path twoOutputs(Path file, int width) {
    OnnxGraphBuilder graph = new OnnxGraphBuilder("two_outputs");
    graph.input("x", TensorProto.DataType.FLOAT, Dim.named("N"), Dim.of(width));
    float[] ones = new float[width];
    java.util.Arrays.fill(ones, 1f);
    graph.initializer("w", ones, width, 1);
    graph.initializer("two", new float[] {2f});
    graph.node("MatMul", List.of("x", "w"), List.of("a"));
    graph.node("Mul", List.of("a", "two"), List.of("b"));
    graph.output("a", TensorProto.DataType.FLOAT, Dim.named("N"), Dim.of(1));
    graph.output("b", TensorProto.DataType.FLOAT, Dim.named("N"), Dim.of(1));
    return write(file, graph.build("gfn4j-tests", "1"));
  }

  /** A model with two inputs {@code x} and {@code z} ([N, width] each) and output {@code y = x + z}. */
  public static Path twoInputs(Path file, int width) {
    OnnxGraphBuilder graph = new OnnxGraphBuilder("two_inputs");
    graph.input("x", TensorProto.DataType.FLOAT, Dim.named("N"), Dim.of(width));
    graph.input("z", TensorProto.DataType.FLOAT, Dim.named("N"), Dim.of(width));
    graph.node("Add", List.of("x", "z"), List.of("y"));
    graph.output("y", TensorProto.DataType.FLOAT, Dim.named("N"), Dim.of(width));
    return write(file, graph.build("gfn4j-tests", "1"));
  }

  /**
   * A copy of an exported policy in which the optional inputs {@code names} (overridable initialisers) become
   * plain graph inputs, so that ONNX Runtime's Java API, which feeds graph inputs only, can feed them. The graph
   * is otherwise unchanged.
   */
  public static Path withRequiredInputs(Path exported, Path copy, Set<String> names) {
    try {
      ModelProto model = ModelProto.parseFrom(Files.readAllBytes(exported));
      ModelProto.Builder builder = model.toBuilder();
      builder.getGraphBuilder().clearInitializer();
      for (TensorProto initializer : model.getGraph().getInitializerList()) {
        if (!names.contains(initializer.getName())) {
          builder.getGraphBuilder().addInitializer(initializer);
        }
      }
      return write(copy, builder.build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes {@code model} to {@code file}. */
  public static Path write(Path file, ModelProto model) {
    try {
      Files.write(file, model.toByteArray());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
