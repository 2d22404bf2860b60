package org.gfn4j.core.backend;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.ProfilerConfig;

/**
 * The one place that sets ND4J's global execution settings, and the conversions between ND4J arrays and plain
 * Java arrays used on the hot path ({@link WorkspaceScope} opens the workspaces the hot paths run in).
 */
public final class Nd4jBackend {
  private static final Object LOCK = new Object();
  private static volatile boolean configured;
  /** Why loading on the background thread failed, reported by the next {@link #configure()}. */
  private static volatile Throwable backgroundFailure;

  private Nd4jBackend() {}

  /**
   * Loads ND4J (its native libraries, about 0.3 s) and turns off its profiling and NaN checks (they double the
   * cost of small ops). Idempotent, and a call made while another thread does this waits for it; called by the
   * trainer, the sampler, the evaluators and the estimators before their first op.
   *
   * @throws IllegalStateException naming the cause when {@link #loadInBackground()} failed to load ND4J
   */
  public static void configure() {
    if (configured) {
      return;
    }
    synchronized (LOCK) {
      if (!configured) {
        if (backgroundFailure != null) {
          throw new IllegalStateException("ND4J failed to load: " + backgroundFailure, backgroundFailure);
        }
        Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder()
            .checkForNAN(false).checkForINF(false).checkElapsedTime(false).checkWorkspaces(false).build());
        configured = true;
      }
    }
  }

  /**
   * Starts {@link #configure()} on a daemon thread, so that a program's own start (parsing its arguments, finding
   * plugins, wiring) runs while ND4J loads on the second core; the first {@link #configure()} on another thread
   * waits for it, and reports its failure if it failed.
   */
  public static void loadInBackground() {
    Thread loader = new Thread(() -> {
      try {
        configure();
      } catch (Throwable e) { // any failure: the next configure() on the caller's thread reports it
        backgroundFailure = e;
      }
    }, "gfn4j-nd4j-loader");
    loader.setDaemon(true);
    loader.start();
  }

  /** The data type an estimator's input must have: that of its parameters, FLOAT if it has none. */
  public static DataType inputType(org.gfn4j.api.policy.Estimator estimator) {
    return estimator.parameters().length() == 0 ? DataType.FLOAT : estimator.parameters().dataType();
  }

  /**
   * A {@code [rows, cols]} float matrix holding the first {@code rows * cols} of {@code values} (row-major), by
   * one memory copy; {@code values} may be a longer, reused buffer.
   */
  public static INDArray matrix(float[] values, int rows, int cols) {
    if (values.length < (long) rows * cols) {
      throw new IllegalArgumentException("cannot fill a [" + rows + ", " + cols + "] matrix from " + values.length
          + " values");
    }
    INDArray matrix = Nd4j.createUninitialized(DataType.FLOAT, rows, cols);
    write(values, matrix);
    return matrix;
  }

  /** A {@code [rows, cols]} matrix of {@code dataType} holding {@code values} (row-major), converted in Java. */
  public static INDArray matrix(double[] values, int rows, int cols, DataType dataType) {
    if (dataType == DataType.DOUBLE) {
      return Nd4j.create(values, new long[] {rows, cols}, 'c');
    }
    float[] floats = toFloats(values);
    return dataType == DataType.FLOAT ? matrix(floats, rows, cols) : matrix(floats, rows, cols).castTo(dataType);
  }

  /** A {@code [rows, cols]} matrix of {@code dataType} holding {@code values} (row-major), converted in Java. */
  public static INDArray matrix(float[] values, int rows, int cols, DataType dataType) {
    if (dataType == DataType.FLOAT) {
      return matrix(values, rows, cols);
    }
    return Nd4j.create(toDoubles(values), new long[] {rows, cols}, 'c').castTo(dataType);
  }

  /** Copies a contiguous float array's values into {@code out} (one memcpy, no ND4J op). */
  public static void read(INDArray array, float[] out) {
    new FloatPointer(contiguous(array, DataType.FLOAT).data().addressPointer()).position(array.offset())
        .get(out, 0, (int) array.length());
  }

  /** Copies {@code values} into a contiguous float array (one memcpy, no ND4J op). */
  public static void write(float[] values, INDArray array) {
    new FloatPointer(contiguous(array, DataType.FLOAT).data().addressPointer()).position(array.offset())
        .put(values, 0, (int) array.length());
  }

  /**
   * Copies elements {@code from .. from + length - 1} of a flat, contiguous FLOAT array (not a view) into the
   * start of {@code out}, by memory copy: no ND4J op.
   */
  public static void readFloats(INDArray flat, long from, int length, float[] out) {
    if (flat.isView() || flat.dataType() != DataType.FLOAT || from < 0 || from + length > flat.length()) {
      throw new IllegalArgumentException("cannot read float elements " + from + ".." + (from + length - 1) + " of "
          + (flat.isView() ? "a view" : "a " + flat.dataType() + " array of " + flat.length()));
    }
    new FloatPointer(flat.data().addressPointer()).position(from).get(out, 0, length);
  }

  /**
   * Copies the first {@code length} of {@code values} into elements {@code from .. from + length - 1} of a flat,
   * contiguous FLOAT array (not a view), by memory copy: no ND4J op.
   */
  public static void writeFloats(float[] values, int length, INDArray flat, long from) {
    if (flat.isView() || flat.dataType() != DataType.FLOAT || from < 0 || from + length > flat.length()
        || length > values.length) {
      throw new IllegalArgumentException("cannot write " + length + " float elements at " + from + " of "
          + (flat.isView() ? "a view" : "a " + flat.dataType() + " array of " + flat.length()));
    }
    new FloatPointer(flat.data().addressPointer()).position(from).put(values, 0, length);
  }

  /** Copies a contiguous double array's values into {@code out}. */
  public static void read(INDArray array, double[] out) {
    new DoublePointer(contiguous(array, DataType.DOUBLE).data().addressPointer()).position(array.offset())
        .get(out, 0, (int) array.length());
  }

  /** Copies {@code values} into a contiguous double array. */
  public static void write(double[] values, INDArray array) {
    new DoublePointer(contiguous(array, DataType.DOUBLE).data().addressPointer()).position(array.offset())
        .put(values, 0, (int) array.length());
  }

  /**
   * The values of a contiguous float array that is not a view, as a byte buffer over its native memory in the
   * machine's byte order (no copy: writes change the array); empty for any other array.
   */
  public static Optional<ByteBuffer> nativeFloats(INDArray array) {
    if (!isContiguous(array, DataType.FLOAT) || array.length() == 0 || array.length() > Integer.MAX_VALUE / 4) {
      return Optional.empty();
    }
    long start = array.offset() * Float.BYTES;
    long end = start + array.length() * Float.BYTES;
    return Optional.of(new BytePointer(array.data().addressPointer()).capacity(end).limit(end).position(start)
        .asByteBuffer().order(ByteOrder.nativeOrder()));
  }

  /**
   * Sets every value of {@code array} to zero: one {@code memset} of its native memory where it is a contiguous
   * float or double array that is not a view (an ND4J op costs about 20 µs, more than zeroing 70,000 floats), else
   * ND4J's {@code assign(0)}. The same values either way (+0).
   */
  public static void zero(INDArray array) {
    if (array.length() == 0) {
      return;
    }
    if (isContiguous(array, DataType.FLOAT) || isContiguous(array, DataType.DOUBLE)) {
      long bytes = array.length() * array.dataType().width();
      Pointer.memset(new BytePointer(array.data().addressPointer()).position(array.offset() * array.dataType()
          .width()), 0, bytes);
      return;
    }
    array.assign(0);
  }

  /** Whether {@code array} holds {@code type} values one after the other in its own buffer (not a view). */
  public static boolean isContiguous(INDArray array, DataType type) {
    return !array.isView() && array.dataType() == type && array.ordering() == 'c' && array.elementWiseStride() == 1;
  }

  private static INDArray contiguous(INDArray array, DataType type) {
    if (!isContiguous(array, type)) {
      throw new IllegalArgumentException("expected a contiguous " + type + " array that is not a view, got "
          + array.dataType() + " " + array.ordering() + " with element stride " + array.elementWiseStride()
          + (array.isView() ? " (a view)" : ""));
    }
    return array;
  }

  /** The values of {@code array} as floats in row-major order, without a copy on the ND4J side when possible. */
  public static float[] toFloats(INDArray array) {
    INDArray contiguous = array.isView() || array.ordering() != 'c' ? array.dup('c') : array;
    return contiguous.data().asFloat();
  }

  /** The values of {@code array} as doubles in row-major order. */
  public static double[] toDoubles(INDArray array) {
    INDArray contiguous = array.isView() || array.ordering() != 'c' ? array.dup('c') : array;
    return contiguous.data().asDouble();
  }

  /** {@code values} rounded to floats. */
  public static float[] toFloats(double[] values) {
    float[] floats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      floats[i] = (float) values[i];
    }
    return floats;
  }

  /** {@code values} widened to doubles. */
  public static double[] toDoubles(float[] values) {
    double[] doubles = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      doubles[i] = values[i];
    }
    return doubles;
  }
}
