package org.gfn4j.core.backend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class FloatArraysTest {
  @Test
  void theVectorLoops_computeWhatThePlainLoopsCompute_toTheBit_tailsIncluded() {
    assertThat(SmallProducts.available()).as("the tests run with --add-modules jdk.incubator.vector").isTrue();
    SplittableRandom random = new SplittableRandom(2);
    for (int length : new int[] {1, 7, VectorKernel.LANES, 2 * VectorKernel.LANES + 3, 300}) {
      float[] source = values(random, length + 5);
      float[] target = values(random, length + 9);
      float[] expected = target.clone();
      for (int i = 0; i < length; i++) {
        expected[4 + i] += source[5 + i];
      }
      FloatArrays.add(source, 5, target, 4, length);
      assertThat(target).as("add, %d values", length).containsExactly(expected);

      float x = (float) random.nextDouble(-2, 2);
      float[] scaled = target.clone();
      for (int i = 0; i < length; i++) {
        scaled[2 + i] += x * source[3 + i];
      }
      FloatArrays.addScaled(x, source, 3, target, 2, length);
      assertThat(target).as("addScaled, %d values", length).containsExactly(scaled);

      float[] gradient = values(random, length);
      float[] output = values(random, length);
      output[0] = 0f; // ReLU's output is 0 or positive; 0 and -0 give no gradient
      float[] masked = gradient.clone();
      for (int i = 0; i < length; i++) {
        masked[i] *= output[i] > 0 ? 1f : 0f;
      }
      FloatArrays.reluDerivative(gradient, output);
      assertThat(gradient).as("ReLU's derivative, %d values", length).containsExactly(masked);
    }
    int rows = 13;
    int width = 2 * VectorKernel.LANES + 1;
    float[] values = values(random, rows * width);
    float[] sums = values(random, width); // overwritten
    FloatArrays.columnSums(values, rows, width, sums);
    for (int c = 0; c < width; c++) {
      float sum = 0f;
      for (int r = 0; r < rows; r++) {
        sum += values[r * width + c];
      }
      assertThat(sums[c]).as("column %d", c).isEqualTo(sum);
    }
  }

  @Test
  void nonZeros_countsWhatDiffersFromZero_NaNIncluded_signedZerosNot() {
    SplittableRandom random = new SplittableRandom(3);
    for (int length : new int[] {0, 1, VectorKernel.LANES - 1, 2 * VectorKernel.LANES + 3, 301}) {
      float[] values = values(random, length + 4);
      int expected = 0;
      for (int i = 0; i < length; i++) {
        switch (i % 5) {
          case 0 -> values[i] = 0f;
          case 1 -> values[i] = -0f;
          case 2 -> values[i] = Float.NaN;
          default -> { }
        }
        expected += i % 5 < 2 ? 0 : 1;
      }
      assertThat(FloatArrays.nonZeros(values, length)).as("%d values", length).isEqualTo(expected);
    }
  }

  @Test
  void theNativeLoops_computeWhatThePlainLoopsCompute_inTheMatrixItself() {
    SplittableRandom random = new SplittableRandom(4);
    for (int width : new int[] {1, VectorKernel.LANES - 1, 2 * VectorKernel.LANES + 3}) {
      int rows = 7;
      float[] values = values(random, rows * width);
      values[0] = -0f;
      float[] bias = values(random, width + 2);
      for (boolean relu : new boolean[] {false, true}) {
        INDArray matrix = Nd4jBackend.matrix(values, rows, width);
        FloatArrays.addBiasAndRelu(matrix, rows, width, bias, 2, relu);
        float[] expected = values.clone();
        for (int i = 0; i < expected.length; i++) {
          float v = expected[i] + bias[2 + i % width];
          expected[i] = relu ? Math.max(0f, v) : v;
        }
        assertThat(Nd4jBackend.toFloats(matrix)).as("bias%s, width %d", relu ? " and ReLU" : "", width)
            .containsExactly(expected);
      }
      float[] gradient = values(random, rows * width);
      float[] output = values(random, rows * width);
      output[1] = 0f;
      INDArray gradientMatrix = Nd4jBackend.matrix(gradient, rows, width);
      FloatArrays.reluDerivative(gradientMatrix, Nd4jBackend.matrix(output, rows, width));
      FloatArrays.reluDerivative(gradient, output);
      assertThat(Nd4jBackend.toFloats(gradientMatrix)).as("ReLU's derivative, width %d", width)
          .containsExactly(gradient);
      // column sums added to a slice of a flat buffer, as a bias gradient: those of the Java arrays, to the bit
      float[] target = values(random, width + 5);
      INDArray flat = Nd4j.createFromArray(target.clone());
      assertThat(FloatArrays.addColumnSums(Nd4jBackend.matrix(values, rows, width), rows, width, flat, 3)).isTrue();
      float[] sums = new float[width];
      FloatArrays.columnSums(values, rows, width, sums);
      FloatArrays.add(sums, 0, target, 3, width);
      assertThat(flat.toFloatVector()).as("column sums, width %d", width).containsExactly(target);
    }
  }

  @Test
  void addColumnSums_declinesAViewOrATargetTooShort_changingNothing() {
    INDArray values = Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}, {5, 6}});
    INDArray target = Nd4j.zeros(DataType.FLOAT, 3);
    assertThat(FloatArrays.addColumnSums(values, 3, 2, target, 2)).isFalse();
    assertThat(FloatArrays.addColumnSums(values.get(NDArrayIndex.interval(1, 3), NDArrayIndex.all()), 2, 2, target,
        0)).isFalse();
    assertThat(target.toFloatVector()).containsExactly(0, 0, 0);
    assertThat(FloatArrays.addColumnSums(values, 3, 2, target, 1)).isTrue();
    assertThat(target.toFloatVector()).containsExactly(0, 9, 12);
  }

  @Test
  void zero_clearsFloatAndDoubleArrays_inPlace_andAViewOnlyWithinIt() {
    INDArray floats = Nd4j.createFromArray(new float[] {1, -2, 3});
    INDArray doubles = Nd4j.createFromArray(new double[] {1, -2, 3, 4});
    Nd4jBackend.zero(floats);
    Nd4jBackend.zero(doubles);
    assertThat(floats.toFloatVector()).containsExactly(0, 0, 0);
    assertThat(doubles.toDoubleVector()).containsExactly(0, 0, 0, 0);
    assertThat(Float.floatToRawIntBits(floats.getFloat(1))).as("+0, as assign(0)").isZero();
    INDArray whole = Nd4j.createFromArray(new float[] {1, 2, 3, 4, 5});
    Nd4jBackend.zero(whole.get(NDArrayIndex.interval(1, 3)));
    assertThat(whole.toFloatVector()).containsExactly(1, 0, 0, 4, 5);
  }

  private static float[] values(SplittableRandom random, int n) {
    float[] values = new float[n];
    for (int i = 0; i < n; i++) {
      values[i] = (float) (2 * random.nextDouble() - 1);
    }
    return values;
  }
}
