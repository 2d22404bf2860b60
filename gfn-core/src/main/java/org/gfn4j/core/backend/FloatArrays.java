package org.gfn4j.core.backend;

import java.util.Arrays;

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
}
