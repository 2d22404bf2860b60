package org.gfn4j.core.backend;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Element-wise loops over float arrays for the Java parts of a training pass, on the JDK's vector API where
 * {@link SmallProducts#available()} (several times faster than the loops the JIT makes of them), plain loops
 * otherwise. Both compute the same bits: lane by lane the same additions and products.
 */
public final class FloatArrays {
  private FloatArrays() {}

  /** {@code target[to + i] += source[from + i]} over {@code length} values. */
  public static void add(float[] source, int from, float[] target, int to, int length) {
    if (SmallProducts.available()) {
      VectorKernel.add(source, from, target, to, length);
    } else {
      for (int i = 0; i < length; i++) {
        target[to + i] += source[from + i];
      }
    }
  }

  /** {@code target[to + i] += x * source[from + i]} over {@code length} values (the product rounded, then added). */
  public static void addScaled(float x, float[] source, int from, float[] target, int to, int length) {
    if (SmallProducts.available()) {
      VectorKernel.addScaled(x, source, from, target, to, length);
    } else {
      for (int i = 0; i < length; i++) {
        target[to + i] += x * source[from + i];
      }
    }
  }

  /**
   * The column sums of {@code rows} rows of {@code width} values (row-major), each from zero and row by row in
   * order, into {@code sums} (overwritten).
   */
  public static void columnSums(float[] values, int rows, int width, float[] sums) {
    Arrays.fill(sums, 0, width, 0f);
    for (int r = 0; r < rows; r++) {
      add(values, r * width, sums, 0, width);
    }
  }

  /**
   * {@code target[at + j] += } the column sum {@code j} of a {@code [rows, width]} float matrix (each from zero and
   * row by row in order, as {@link #columnSums}), reading and writing both in native memory, where the vector API
   * is present and both are contiguous; returns false, changing nothing, otherwise.
   */
  public static boolean addColumnSums(INDArray values, int rows, int width, INDArray target, long at) {
    Optional<ByteBuffer> source = SmallProducts.available() ? Nd4jBackend.nativeFloats(values) : Optional.empty();
    Optional<ByteBuffer> to = source.isPresent() ? Nd4jBackend.nativeFloats(target) : Optional.empty();
    if (to.isEmpty() || values.length() < (long) rows * width || at + width > target.length()) {
      return false;
    }
    VectorKernel.addColumnSums(source.get(), rows, width, to.get(), Math.toIntExact(at));
    return true;
  }

  /** ReLU's derivative applied to a gradient: {@code gradient[i] *= output[i] > 0 ? 1 : 0} (ND4J's rounding). */
  public static void reluDerivative(float[] gradient, float[] output) {
    if (SmallProducts.available()) {
      VectorKernel.reluDerivative(gradient, output, gradient.length);
    } else {
      for (int i = 0; i < gradient.length; i++) {
        gradient[i] *= output[i] > 0 ? 1f : 0f;
      }
    }
  }

  /** The number of non-zero values among the first {@code length} of {@code values} (NaN counts as non-zero). */
  public static int nonZeros(float[] values, int length) {
    if (SmallProducts.available()) {
      return VectorKernel.nonZeros(values, length);
    }
    int count = 0;
    for (int i = 0; i < length; i++) {
      count += values[i] != 0 ? 1 : 0;
    }
    return count;
  }

  /**
   * {@code values[r][j] += bias[biasFrom + j]} on a {@code [rows, width]} float matrix, then ReLU if asked, in
   * place in the matrix's native memory (no copy out and back) where the vector API is present and the matrix is
   * contiguous, else through a Java copy; the same values either way ({@code Math.max(0, v)}, ND4J's rounding).
   */
  public static void addBiasAndRelu(INDArray values, int rows, int width, float[] bias, int biasFrom, boolean relu) {
    Optional<ByteBuffer> memory = SmallProducts.available() ? Nd4jBackend.nativeFloats(values) : Optional.empty();
    if (memory.isPresent()) {
      VectorKernel.addBiasAndRelu(memory.get(), rows, width, bias, biasFrom, relu);
      return;
    }
    float[] copy = new float[rows * width];
    Nd4jBackend.read(values, copy);
    for (int r = 0; r < rows; r++) {
      add(bias, biasFrom, copy, r * width, width);
      if (relu) {
        for (int i = r * width; i < (r + 1) * width; i++) {
          copy[i] = Math.max(0f, copy[i]);
        }
      }
    }
    Nd4jBackend.write(copy, values);
  }

  /**
   * ReLU's derivative applied in place to a float matrix of gradients, from the layer's output of the same shape:
   * {@code gradient[i] *= output[i] > 0 ? 1 : 0}, in native memory where it can (see {@link #addBiasAndRelu}).
   */
  public static void reluDerivative(INDArray gradient, INDArray output) {
    int length = Math.toIntExact(gradient.length());
    if (output.length() != length) {
      throw new IllegalArgumentException("gradient of " + length + " values, output of " + output.length());
    }
    Optional<ByteBuffer> g = SmallProducts.available() ? Nd4jBackend.nativeFloats(gradient) : Optional.empty();
    Optional<ByteBuffer> o = g.isPresent() ? Nd4jBackend.nativeFloats(output) : Optional.empty();
    if (o.isPresent()) {
      VectorKernel.reluDerivative(g.get(), o.get(), length);
      return;
    }
    float[] values = Nd4jBackend.toFloats(gradient);
    reluDerivative(values, Nd4jBackend.toFloats(output));
    Nd4jBackend.write(values, gradient);
  }
}
