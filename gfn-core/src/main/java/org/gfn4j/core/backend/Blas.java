package org.gfn4j.core.backend;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.openblas.global.openblas_nolapack;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Matrix products of row-major float arrays straight through OpenBLAS's {@code cblas_sgemm}, the routine ND4J's
 * matmul op ends in, in the layout that op chooses (so with its bits), without the op around it (its shape
 * descriptors, op context and instance id cost about as much as a batch-16 product itself). Other arrays (double,
 * column-major, strided views) go through {@code Nd4j.gemm}. {@code -Dgfn4j.directBlas=false} sends every product
 * through ND4J.
 */
public final class Blas {
  private static final boolean DIRECT = Boolean.parseBoolean(System.getProperty("gfn4j.directBlas", "true"));

  private Blas() {}

  /**
   * {@code c = alpha op(a) op(b) + beta c}, where {@code op} transposes when asked: what
   * {@code Nd4j.gemm(a, b, c, transposeA, transposeB, alpha, beta)} computes.
   *
   * @throws IllegalArgumentException if the shapes do not agree
   */
  public static void gemm(INDArray a, INDArray b, INDArray c, boolean transposeA, boolean transposeB,
      double alpha, double beta) {
    if (!DIRECT || !rowMajorFloat(a) || !rowMajorFloat(b) || !rowMajorFloat(c)) {
      Nd4j.gemm(a, b, c, transposeA, transposeB, alpha, beta);
      return;
    }
    long m = a.size(transposeA ? 1 : 0);
    long k = a.size(transposeA ? 0 : 1);
    long n = b.size(transposeB ? 0 : 1);
    if (b.size(transposeB ? 1 : 0) != k || c.size(0) != m || c.size(1) != n) {
      throw new IllegalArgumentException("cannot multiply " + shape(a, transposeA) + " by " + shape(b, transposeB)
          + " into [" + c.size(0) + ", " + c.size(1) + "]");
    }
    if (m == 0 || n == 0 || k == 0) {
      Nd4j.gemm(a, b, c, transposeA, transposeB, alpha, beta);
      return;
    }
    // the layout libnd4j's MmulHelper::mmulMxM hands OpenBLAS: column-major whenever C's columns are contiguous, as a
    // one-row or one-column C's are, and OpenBLAS rounds such a product differently in the two layouts
    Operand opA = new Operand(a, transposeA);
    Operand opB = new Operand(b, transposeB);
    Operand opC = new Operand(c, false);
    boolean aColumnMajor = m == 1 || opA.rowStride == 1;
    boolean aRowMajor = k == 1 || opA.colStride == 1;
    boolean bColumnMajor = k == 1 || opB.rowStride == 1;
    boolean bRowMajor = n == 1 || opB.colStride == 1;
    boolean cColumnMajor = m == 1 || opC.rowStride == 1;
    boolean cRowMajor = n == 1 || opC.colStride == 1;
    if (!(aColumnMajor || aRowMajor) || !(bColumnMajor || bRowMajor) || !(cColumnMajor || cRowMajor)) {
      Nd4j.gemm(a, b, c, transposeA, transposeB, alpha, beta);
      return;
    }
    openblas_nolapack.cblas_sgemm(cColumnMajor ? openblas_nolapack.CblasColMajor : openblas_nolapack.CblasRowMajor,
        transpose(aColumnMajor != cColumnMajor), transpose(bColumnMajor != cColumnMajor), (int) m, (int) n, (int) k,
        (float) alpha, pointer(a), leading(aColumnMajor, aRowMajor, m, opA), pointer(b),
        leading(bColumnMajor, bRowMajor, k, opB), (float) beta, pointer(c), leading(cColumnMajor, cRowMajor, m, opC));
  }

  /** An operand's strides once transposed as asked. */
  private record Operand(long rowStride, long colStride) {
    Operand(INDArray array, boolean transposed) {
      this(array.stride(transposed ? 1 : 0), array.stride(transposed ? 0 : 1));
    }
  }

  /** The leading dimension libnd4j gives an operand of {@code rows} rows. */
  private static int leading(boolean columnMajor, boolean rowMajor, long rows, Operand operand) {
    return (int) (columnMajor && rowMajor ? rows : !columnMajor ? operand.rowStride : operand.colStride);
  }

  /**
   * A 2-D float array whose rows lie one after the other (a view of whole rows of a row-major buffer is one; so is
   * a single row, whatever stride ND4J gives its first dimension).
   */
  private static boolean rowMajorFloat(INDArray array) {
    return array.dataType() == DataType.FLOAT && array.rank() == 2 && array.stride(1) == 1
        && (array.stride(0) == array.size(1) || array.size(0) == 1) && array.size(1) > 0;
  }

  private static int transpose(boolean transpose) {
    return transpose ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
  }

  /** The array's first element: a view's buffer already starts at the view's offset. */
  private static FloatPointer pointer(INDArray array) {
    return new FloatPointer(array.data().addressPointer()).position(array.offset() - array.data().offset());
  }

  private static String shape(INDArray array, boolean transposed) {
    return "[" + array.size(0) + ", " + array.size(1) + "]" + (transposed ? "^T" : "");
  }
}
