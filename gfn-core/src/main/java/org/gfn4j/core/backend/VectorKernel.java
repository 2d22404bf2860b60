package org.gfn4j.core.backend;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SmallProducts}'s kernel: blocks of four rows by two vectors of columns held in eight accumulators while
 * the inner dimension runs, each vector of the right operand loaded once per block; and {@link FloatArrays}'s
 * element-wise loops, lane by lane what their scalar versions compute. Loaded only when the vector API is present.
 */
final class VectorKernel {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  static final int LANES = SPECIES.length();

  private VectorKernel() {}

  /** {@code c[r * n + j] = sum over p of a[r * k + p] * b[bFrom + p * n + j]}. */
  static void multiply(float[] a, int rows, int k, float[] b, int bFrom, int n, float[] c) {
    // column strips outside, row blocks inside: a strip of b (two vectors wide) stays in the first-level cache
    // while every block of rows runs over it; blocks of eight rows (sixteen accumulators) read each strip half as
    // often as blocks of four and keep both fused multiply-add units busy (16 x 256 x 256: 17 against 22 us on an
    // Intel Xeon with AVX-512)
    int j = 0;
    for (; j + 2 * LANES <= n; j += 2 * LANES) {
      int r = 0;
      for (; r + 8 <= rows; r += 8) {
        eightRows(a, r, k, b, bFrom, n, c, j);
      }
      for (; r + 4 <= rows; r += 4) {
        fourRows(a, r, r + 1, r + 2, r + 3, k, b, bFrom, n, c, j);
      }
      if (r < rows) {
        // the last one to three rows as a block of four with the last row repeated: it writes the same values
        // again, and costs what one row alone does (one row's two accumulators wait on each other's latency)
        int last = rows - 1;
        fourRows(a, r, Math.min(r + 1, last), Math.min(r + 2, last), last, k, b, bFrom, n, c, j);
      }
    }
    if (j < n) {
      for (int r = 0; r < rows; r++) {
        remainingColumns(a, r, k, b, bFrom, n, c, j);
      }
    }
  }

  /** Rows {@code r0 .. r0 + 7} of columns {@code j .. j + 2 * LANES - 1}. */
  private static void eightRows(float[] a, int r0, int k, float[] b, int bFrom, int n, float[] c, int j) {
    FloatVector zero = FloatVector.zero(SPECIES);
    FloatVector c00 = zero;
    FloatVector c01 = zero;
    FloatVector c10 = zero;
    FloatVector c11 = zero;
    FloatVector c20 = zero;
    FloatVector c21 = zero;
    FloatVector c30 = zero;
    FloatVector c31 = zero;
    FloatVector c40 = zero;
    FloatVector c41 = zero;
    FloatVector c50 = zero;
    FloatVector c51 = zero;
    FloatVector c60 = zero;
    FloatVector c61 = zero;
    FloatVector c70 = zero;
    FloatVector c71 = zero;
    for (int p = 0, bp = bFrom + j; p < k; p++, bp += n) {
      FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
      FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + LANES);
      int ap = r0 * k + p;
      FloatVector x = FloatVector.broadcast(SPECIES, a[ap]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(SPECIES, a[ap + k]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(SPECIES, a[ap + 2 * k]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(SPECIES, a[ap + 3 * k]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
      x = FloatVector.broadcast(SPECIES, a[ap + 4 * k]);
      c40 = x.fma(b0, c40);
      c41 = x.fma(b1, c41);
      x = FloatVector.broadcast(SPECIES, a[ap + 5 * k]);
      c50 = x.fma(b0, c50);
      c51 = x.fma(b1, c51);
      x = FloatVector.broadcast(SPECIES, a[ap + 6 * k]);
      c60 = x.fma(b0, c60);
      c61 = x.fma(b1, c61);
      x = FloatVector.broadcast(SPECIES, a[ap + 7 * k]);
      c70 = x.fma(b0, c70);
      c71 = x.fma(b1, c71);
    }
    int o = r0 * n + j;
    c00.intoArray(c, o);
    c01.intoArray(c, o + LANES);
    c10.intoArray(c, o + n);
    c11.intoArray(c, o + n + LANES);
    c20.intoArray(c, o + 2 * n);
    c21.intoArray(c, o + 2 * n + LANES);
    c30.intoArray(c, o + 3 * n);
    c31.intoArray(c, o + 3 * n + LANES);
    c40.intoArray(c, o + 4 * n);
    c41.intoArray(c, o + 4 * n + LANES);
    c50.intoArray(c, o + 5 * n);
    c51.intoArray(c, o + 5 * n + LANES);
    c60.intoArray(c, o + 6 * n);
    c61.intoArray(c, o + 6 * n + LANES);
    c70.intoArray(c, o + 7 * n);
    c71.intoArray(c, o + 7 * n + LANES);
  }

  /** Rows {@code r0 .. r3} (not necessarily distinct) of columns {@code j .. j + 2 * LANES - 1}. */
  private static void fourRows(float[] a, int r0, int r1, int r2, int r3, int k, float[] b, int bFrom, int n,
      float[] c, int j) {
    int a0 = r0 * k;
    int a1 = r1 * k;
    int a2 = r2 * k;
    int a3 = r3 * k;
    FloatVector c00 = FloatVector.zero(SPECIES);
    FloatVector c01 = c00;
    FloatVector c10 = c00;
    FloatVector c11 = c00;
    FloatVector c20 = c00;
    FloatVector c21 = c00;
    FloatVector c30 = c00;
    FloatVector c31 = c00;
    for (int p = 0, bp = bFrom + j; p < k; p++, bp += n) {
      FloatVector b0 = FloatVector.fromArray(SPECIES, b, bp);
      FloatVector b1 = FloatVector.fromArray(SPECIES, b, bp + LANES);
      FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + p]);
      c00 = x.fma(b0, c00);
      c01 = x.fma(b1, c01);
      x = FloatVector.broadcast(SPECIES, a[a1 + p]);
      c10 = x.fma(b0, c10);
      c11 = x.fma(b1, c11);
      x = FloatVector.broadcast(SPECIES, a[a2 + p]);
      c20 = x.fma(b0, c20);
      c21 = x.fma(b1, c21);
      x = FloatVector.broadcast(SPECIES, a[a3 + p]);
      c30 = x.fma(b0, c30);
      c31 = x.fma(b1, c31);
    }
    c00.intoArray(c, r0 * n + j);
    c01.intoArray(c, r0 * n + j + LANES);
    c10.intoArray(c, r1 * n + j);
    c11.intoArray(c, r1 * n + j + LANES);
    c20.intoArray(c, r2 * n + j);
    c21.intoArray(c, r2 * n + j + LANES);
    c30.intoArray(c, r3 * n + j);
    c31.intoArray(c, r3 * n + j + LANES);
  }

  /** Columns {@code from .. n - 1} of row {@code r}, one at a time, in the same order of fused multiply-adds. */
  private static void remainingColumns(float[] a, int r, int k, float[] b, int bFrom, int n, float[] c, int from) {
    int a0 = r * k;
    for (int j = from; j < n; j++) {
      float sum = 0f;
      for (int p = 0, bp = bFrom + j; p < k; p++, bp += n) {
        sum = Math.fma(a[a0 + p], b[bp], sum);
      }
      c[r * n + j] = sum;
    }
  }

  /**
   * {@link SmallProducts#narrowProduct}: {@code LANES} rows at a time, one lane per row, the input's columns
   * transposed into {@code scratch} (at least {@code in * LANES + LANES} values) so that each weight is a broadcast.
   * Per output, the bias and then each non-zero input's product, in input order: a lane skips a zero input (a mask)
   * as the scalar loop does, so the rounding, signed zeros and non-finite values included, is the scalar loop's.
   */
  static void narrowProduct(float[] input, int rows, int in, float[] w, int wFrom, int width, float[] bias,
      int biasFrom, float[] out, float[] scratch) {
    int lanesAt = in * LANES;
    for (int r0 = 0; r0 < rows; r0 += LANES) {
      int block = Math.min(LANES, rows - r0);
      transposeBlock(input, r0, block, in, scratch);
      for (int o = 0; o < width; o++) {
        FloatVector sum = FloatVector.broadcast(SPECIES, bias[biasFrom + o]);
        for (int j = 0, at = wFrom + o; j < in; j++, at += width) {
          FloatVector x = FloatVector.fromArray(SPECIES, scratch, j * LANES);
          sum = sum.add(x.mul(w[at]), x.compare(VectorOperators.NE, 0f));
        }
        sum.intoArray(scratch, lanesAt);
        for (int i = 0; i < block; i++) {
          out[(r0 + i) * width + o] = scratch[lanesAt + i];
        }
      }
    }
  }

  /** {@code scratch[j * LANES + i] = input[(r0 + i) * in + j]} for {@code i < block}, zero for the other lanes. */
  private static void transposeBlock(float[] input, int r0, int block, int in, float[] scratch) {
    for (int i = 0; i < LANES; i++) {
      if (i < block) {
        for (int j = 0, from = (r0 + i) * in; j < in; j++) {
          scratch[j * LANES + i] = input[from + j];
        }
      } else {
        for (int j = 0; j < in; j++) {
          scratch[j * LANES + i] = 0f;
        }
      }
    }
  }

  /** The number of non-zero values among the first {@code length} of {@code values} (NaN counts as non-zero). */
  static int nonZeros(float[] values, int length) {
    int count = 0;
    int i = 0;
    for (int bound = SPECIES.loopBound(length); i < bound; i += LANES) {
      count += FloatVector.fromArray(SPECIES, values, i).compare(VectorOperators.NE, 0f).trueCount();
    }
    for (; i < length; i++) {
      count += values[i] != 0 ? 1 : 0;
    }
    return count;
  }

  /** {@code target[to + i] += source[from + i]} over {@code length} values. */
  static void add(float[] source, int from, float[] target, int to, int length) {
    int i = 0;
    for (int bound = SPECIES.loopBound(length); i < bound; i += LANES) {
      FloatVector.fromArray(SPECIES, target, to + i).add(FloatVector.fromArray(SPECIES, source, from + i))
          .intoArray(target, to + i);
    }
    for (; i < length; i++) {
      target[to + i] += source[from + i];
    }
  }

  /** {@code target[to + i] += x * source[from + i]} over {@code length} values (rounded, then added). */
  static void addScaled(float x, float[] source, int from, float[] target, int to, int length) {
    int i = 0;
    for (int bound = SPECIES.loopBound(length); i < bound; i += LANES) {
      FloatVector.fromArray(SPECIES, target, to + i).add(FloatVector.fromArray(SPECIES, source, from + i).mul(x))
          .intoArray(target, to + i);
    }
    for (; i < length; i++) {
      target[to + i] += x * source[from + i];
    }
  }

  /**
   * {@code values[r][j] = values[r][j] + bias[biasFrom + j]}, then ReLU ({@code Math.max(0, v)}) if asked, on
   * {@code rows} rows of {@code width} floats in native memory: {@code addBias} and {@code applyInPlace} of a row
   * at a time, lane by lane.
   */
  static void addBiasAndRelu(ByteBuffer values, int rows, int width, float[] bias, int biasFrom, boolean relu) {
    ByteOrder order = ByteOrder.nativeOrder();
    FloatVector zero = FloatVector.zero(SPECIES);
    int bound = SPECIES.loopBound(width);
    for (int r = 0; r < rows; r++) {
      int row = r * width;
      int j = 0;
      for (; j < bound; j += LANES) {
        int at = (row + j) * Float.BYTES;
        FloatVector v = FloatVector.fromByteBuffer(SPECIES, values, at, order)
            .add(FloatVector.fromArray(SPECIES, bias, biasFrom + j));
        (relu ? zero.max(v) : v).intoByteBuffer(values, at, order);
      }
      for (; j < width; j++) {
        int at = (row + j) * Float.BYTES;
        float v = values.getFloat(at) + bias[biasFrom + j];
        values.putFloat(at, relu ? Math.max(0f, v) : v);
      }
    }
  }

  /**
   * {@code target[at + j] += sum_r values[r][j]} for a {@code [rows, width]} matrix, both in native memory: each sum
   * from zero and row by row in order, then added, as {@code FloatArrays.columnSums} and {@code add} do.
   */
  static void addColumnSums(ByteBuffer values, int rows, int width, ByteBuffer target, int at) {
    ByteOrder order = ByteOrder.nativeOrder();
    int bound = SPECIES.loopBound(width);
    float[] sums = new float[width];
    for (int r = 0; r < rows; r++) {
      int row = r * width;
      int j = 0;
      for (; j < bound; j += LANES) {
        FloatVector.fromArray(SPECIES, sums, j)
            .add(FloatVector.fromByteBuffer(SPECIES, values, (row + j) * Float.BYTES, order)).intoArray(sums, j);
      }
      for (; j < width; j++) {
        sums[j] += values.getFloat((row + j) * Float.BYTES);
      }
    }
    for (int j = 0; j < width; j++) {
      int to = (at + j) * Float.BYTES;
      target.putFloat(to, target.getFloat(to) + sums[j]);
    }
  }

  /** {@code gradient[i] *= output[i] > 0 ? 1 : 0} for the first {@code length} floats, both in native memory. */
  static void reluDerivative(ByteBuffer gradient, ByteBuffer output, int length) {
    ByteOrder order = ByteOrder.nativeOrder();
    FloatVector one = FloatVector.broadcast(SPECIES, 1f);
    FloatVector zero = FloatVector.zero(SPECIES);
    int i = 0;
    for (int bound = SPECIES.loopBound(length); i < bound; i += LANES) {
      int at = i * Float.BYTES;
      VectorMask<Float> positive = FloatVector.fromByteBuffer(SPECIES, output, at, order)
          .compare(VectorOperators.GT, 0f);
      FloatVector.fromByteBuffer(SPECIES, gradient, at, order).mul(zero.blend(one, positive))
          .intoByteBuffer(gradient, at, order);
    }
    for (; i < length; i++) {
      int at = i * Float.BYTES;
      gradient.putFloat(at, gradient.getFloat(at) * (output.getFloat(at) > 0 ? 1f : 0f));
    }
  }

  /** {@code gradient[i] *= output[i] > 0 ? 1 : 0} for the first {@code length} values. */
  static void reluDerivative(float[] gradient, float[] output, int length) {
    FloatVector one = FloatVector.broadcast(SPECIES, 1f);
    FloatVector zero = FloatVector.zero(SPECIES);
    int i = 0;
    for (int bound = SPECIES.loopBound(length); i < bound; i += LANES) {
      VectorMask<Float> positive = FloatVector.fromArray(SPECIES, output, i).compare(VectorOperators.GT, 0f);
      FloatVector.fromArray(SPECIES, gradient, i).mul(zero.blend(one, positive)).intoArray(gradient, i);
    }
    for (; i < length; i++) {
      gradient[i] *= output[i] > 0 ? 1f : 0f;
    }
  }
}
