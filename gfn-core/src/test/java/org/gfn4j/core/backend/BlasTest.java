package org.gfn4j.core.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class BlasTest {
  private final SplittableRandom random = new SplittableRandom(5);

  @Test
  void theDirectProduct_givesNd4jsBits_forEveryTransposition_onArraysAndOnViewsOfAFlatBuffer() {
    // one row, one column or one inner element: libnd4j then hands OpenBLAS a column-major layout
    for (int rows : new int[] {1, 3, 16, 150, 400}) {
      for (int[] kn : new int[][] {{37, 20}, {1, 20}, {37, 1}, {1, 1}}) {
        for (boolean transposeA : new boolean[] {false, true}) {
          for (boolean transposeB : new boolean[] {false, true}) {
            for (boolean views : new boolean[] {false, true}) {
              int k = kn[0];
              int n = kn[1];
              INDArray a = transposeA ? matrix(k, rows, views) : matrix(rows, k, views);
              INDArray b = transposeB ? matrix(n, k, views) : matrix(k, n, views);
              INDArray expected = matrix(rows, n, views);
              INDArray actual = views ? matrix(rows, n, true) : expected.dup();
              actual.assign(expected);
              Nd4j.gemm(a, b, expected, transposeA, transposeB, 1.0, 1.0);
              Blas.gemm(a, b, actual, transposeA, transposeB, 1.0, 1.0);
              assertThat(Nd4jBackend.toFloats(actual)).as("%d rows, k %d, n %d, transposed %s %s, views %s", rows, k,
                  n, transposeA, transposeB, views).containsExactly(Nd4jBackend.toFloats(expected));
            }
          }
        }
      }
    }
  }

  @Test
  void aColumnSumIntoAOneRowViewOfAFlatVector_givesNd4jsBits() {
    // a bias gradient: ones times the output gradient, into one row of a flat gradient buffer (as an MLP keeps it)
    for (int rows : new int[] {2, 321, 2000}) {
      INDArray ones = Nd4j.ones(DataType.FLOAT, 1, rows);
      INDArray dz = matrix(rows, 19, false);
      INDArray flat = Nd4j.rand(DataType.FLOAT, 40);
      INDArray expected = flat.dup();
      float[] before = Nd4jBackend.toFloats(flat);
      Nd4j.gemm(ones, dz, expected.get(NDArrayIndex.interval(7, 26)).reshape('c', 1, 19), false, false, 1.0, 1.0);
      Blas.gemm(ones, dz, flat.get(NDArrayIndex.interval(7, 26)).reshape('c', 1, 19), false, false, 1.0, 1.0);
      assertThat(Nd4jBackend.toFloats(flat)).as("%d rows", rows).containsExactly(Nd4jBackend.toFloats(expected))
          .isNotEqualTo(before);
    }
  }

  @Test
  void aDoubleProduct_goesThroughNd4j() {
    INDArray a = Nd4j.rand(DataType.DOUBLE, 4, 3);
    INDArray b = Nd4j.rand(DataType.DOUBLE, 3, 2);
    INDArray c = Nd4j.zeros(DataType.DOUBLE, 4, 2);
    Blas.gemm(a, b, c, false, false, 1.0, 0.0);
    assertThat(c.sub(a.mmul(b)).amaxNumber().doubleValue()).isLessThan(1e-12);
  }

  @Test
  void shapesThatDoNotAgree_fail_namingThem() {
    INDArray a = Nd4j.rand(DataType.FLOAT, 4, 3);
    INDArray b = Nd4j.rand(DataType.FLOAT, 5, 2);
    assertThatThrownBy(() -> Blas.gemm(a, b, Nd4j.zeros(DataType.FLOAT, 4, 2), false, false, 1.0, 0.0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[4, 3] by [5, 2]");
  }

  /** Random values, either in an array of their own or in a view in the middle of a larger flat buffer. */
  private INDArray matrix(int rows, int cols, boolean view) {
    float[] values = new float[rows * cols];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) (random.nextDouble() * 2 - 1);
    }
    if (!view) {
      return Nd4jBackend.matrix(values, rows, cols);
    }
    long at = 11;
    INDArray flat = Nd4j.rand(DataType.FLOAT, 1, at + values.length + 7);
    INDArray inside = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(at, at + values.length))
        .reshape('c', rows, cols);
    inside.assign(Nd4jBackend.matrix(values, rows, cols));
    return inside;
  }
}
