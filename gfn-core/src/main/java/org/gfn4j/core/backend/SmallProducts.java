package org.gfn4j.core.backend;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Dense products of a few rows by a layer's weights, in Java on the JDK's vector API where the JVM has it
 * ({@code --add-modules jdk.incubator.vector}, which {@code ./gfn} and the tests pass). OpenBLAS packs the whole
 * weight matrix on every call, so a product of 16 rows by 256 x 256 weights takes about 60 µs there (35 GFLOP/s)
 * and one of 4 rows about 43 µs; this register-blocked kernel reads the weights in place, about 40 and 9 µs, with
 * no ND4J op around it (docs/performance.md). From about a hundred rows on OpenBLAS is faster.
 *
 * <p>Each output is its inputs' products added in input order with fused multiply-adds, whatever the vector width
 * or the number of rows, so a row's result does not depend on the rows computed with it. Without the module (or
 * with {@code -Dgfn4j.vectorProducts=false}) {@link #available()} is false and callers keep their ND4J path.
 */
public final class SmallProducts {
  /** Rows up to which {@link #multiply} beats one OpenBLAS call with its ND4J op (measured at 256 x 256). */
  public static final int MAX_ROWS = 64;

  private static final boolean AVAILABLE = !"false".equals(System.getProperty("gfn4j.vectorProducts"))
      && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

  /** Products of the warm-up: enough for the JIT to compile the kernel with the vector instructions. */
  private static final int WARM_UP_CALLS = 20_000;
  private static final AtomicBoolean WARMING = new AtomicBoolean();

  private SmallProducts() {}

  /**
   * Compiles the kernel ahead of its first real use: on a daemon thread, once per JVM, {@code WARM_UP_CALLS}
   * products of small arrays of its own (both kinds) and as many of {@link FloatArrays}' loops (about 0.3 s of one
   * core). Until the JIT compiles it, the vector API runs as plain Java objects, 20-30 times slower, which would
   * otherwise be the first training iterations' cost. MLPs call this when they are made; it does nothing where the
   * vector API is not available.
   */
  public static void warmUp() {
    if (!AVAILABLE || !WARMING.compareAndSet(false, true)) {
      return;
    }
    Thread thread = new Thread(() -> {
      // 5 rows of 8 by 8 x (2 vectors + 1) weights: a block of four rows, the last row in a block of its own and a
      // remaining column
      int n = 2 * VectorKernel.LANES + 1;
      float[] a = new float[5 * 8];
      float[] w = new float[8 * n];
      float[] c = new float[5 * n];
      Arrays.fill(a, 0.5f);
      Arrays.fill(w, 0.25f);
      float[] sums = new float[n];
      float[] narrow = new float[5 * 3];
      float[] scratch = new float[narrowScratch(8)];
      for (int call = 0; call < WARM_UP_CALLS; call++) {
        VectorKernel.multiply(a, 5, 8, w, 0, n, c);
        VectorKernel.narrowProduct(a, 5, 8, w, 0, 3, w, 0, narrow, scratch); // a sampling step's output layer
        VectorKernel.add(c, 0, sums, 0, n); // FloatArrays' loops, which training passes run
        VectorKernel.addScaled(0.5f, c, 0, sums, 0, n);
        VectorKernel.reluDerivative(c, w, n);
        VectorKernel.nonZeros(c, n);
      }
    }, "gfn4j-vector-warm-up");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
    thread.start();
  }

  /** Whether {@link #multiply} runs: the vector API is present and not turned off. */
  public static boolean available() {
    return AVAILABLE;
  }

  /**
   * {@code c = a w}: {@code c[r * n + j] = sum over p of a[r * k + p] * w[wFrom + p * n + j]} for the first
   * {@code rows} rows (row-major throughout; {@code c} may be longer than {@code rows * n}).
   *
   * @throws IllegalStateException if the vector API is not available
   * @throws IllegalArgumentException if an array is too short for the shapes
   */
  public static void multiply(float[] a, int rows, int k, float[] w, int wFrom, int n, float[] c) {
    if (!AVAILABLE) {
      throw new IllegalStateException("the vector API is not available: start the JVM with --add-modules "
          + "jdk.incubator.vector (or check SmallProducts.available() first)");
    }
    if (rows < 0 || k < 1 || n < 1 || wFrom < 0 || a.length < (long) rows * k || w.length < wFrom + (long) k * n
        || c.length < (long) rows * n) {
      throw new IllegalArgumentException("cannot multiply " + rows + " x " + k + " (" + a.length + " values) by "
          + k + " x " + n + " (" + (w.length - wFrom) + " values from " + wFrom + ") into " + c.length + " values");
    }
    VectorKernel.multiply(a, rows, k, w, wFrom, n, c);
  }

  /** Values of scratch space {@link #narrowProduct} needs for an input {@code in} wide. */
  public static int narrowScratch(int in) {
    return (in + 1) * VectorKernel.LANES;
  }

  /**
   * A layer with few outputs on a few rows: {@code out[r * n + o] = bias[biasFrom + o]} plus, for each input
   * {@code j} in order with {@code a[r * k + j] != 0}, the product {@code a[r * k + j] * w[wFrom + j * n + o]}
   * (rounded, then added: no fused multiply-add). That is the scalar loop over a row's non-zero inputs, to the bit,
   * with the rows spread over the vector's lanes (a loop over an output row of 3 to 15 values barely vectorises).
   *
   * @param scratch at least {@link #narrowScratch}{@code (k)} values, overwritten
   * @throws IllegalStateException if the vector API is not available
   * @throws IllegalArgumentException if an array is too short for the shapes
   */
  public static void narrowProduct(float[] a, int rows, int k, float[] w, int wFrom, int n, float[] bias,
      int biasFrom, float[] out, float[] scratch) {
    if (!AVAILABLE) {
      throw new IllegalStateException("the vector API is not available: start the JVM with --add-modules "
          + "jdk.incubator.vector (or check SmallProducts.available() first)");
    }
    if (rows < 0 || k < 1 || n < 1 || wFrom < 0 || biasFrom < 0 || a.length < (long) rows * k
        || w.length < wFrom + (long) k * n || bias.length < biasFrom + (long) n || out.length < (long) rows * n
        || scratch.length < narrowScratch(k)) {
      throw new IllegalArgumentException("cannot multiply " + rows + " x " + k + " (" + a.length + " values) by "
          + k + " x " + n + " (" + (w.length - wFrom) + " values from " + wFrom + ") plus a bias of " + n + " ("
          + (bias.length - biasFrom) + " values from " + biasFrom + ") into " + out.length + " values with "
          + scratch.length + " of scratch (" + narrowScratch(k) + " needed)");
    }
    VectorKernel.narrowProduct(a, rows, k, w, wFrom, n, bias, biasFrom, out, scratch);
  }
}
