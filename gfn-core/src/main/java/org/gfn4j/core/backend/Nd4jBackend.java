package org.gfn4j.core.backend;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.MemoryWorkspaceManager;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.profiler.ProfilerConfig;

/**
 * The one place that sets ND4J's global execution settings, and the conversions between ND4J arrays and plain
 * Java arrays used on the hot path.
 */
public final class Nd4jBackend {
  private static final AtomicBoolean CONFIGURED = new AtomicBoolean();
  /** A new workspace learns its size from its first cycle, plus half. */
  private static final WorkspaceConfiguration LEARNING = WorkspaceConfiguration.builder()
      .initialSize(0)
      .overallocationLimit(0.5)
      .policyAllocation(AllocationPolicy.OVERALLOCATE)
      .policyLearning(LearningPolicy.FIRST_LOOP)
      .policySpill(SpillPolicy.EXTERNAL)
      .policyReset(ResetPolicy.BLOCK_LEFT)
      .build();
  /** How much larger than its largest cycle a workspace is re-created once a cycle outgrew it. */
  static final double GROWTH = 2;

  private Nd4jBackend() {}

  /**
   * Turns off ND4J's profiling and NaN checks (they double the cost of small ops). Idempotent; called by the
   * trainer, the sampler and the evaluators before their first op.
   */
  public static void configure() {
    if (CONFIGURED.compareAndSet(false, true)) {
      Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder()
          .checkForNAN(false).checkForINF(false).checkElapsedTime(false).checkWorkspaces(false).build());
    }
  }

  /**
   * Opens the calling thread's ND4J workspace named {@code id} for a cycle whose memory grows with {@code units}
   * (rows, transitions): every array created until it is closed lives in one reused block of memory instead of
   * its own native allocation, and is invalid after {@code close()}. Copy whatever must survive into Java arrays
   * (or arrays created outside) before closing.
   *
   * <p>The block is sized ahead: the bytes per unit that cycles of this id used so far, times {@code units}; when
   * that exceeds the block, it is re-created {@value #GROWTH} times larger before the cycle starts. Fresh memory
   * is expensive on virtual machines (a few milliseconds per megabyte touched for the first time), and ND4J's own
   * policy re-allocates to the exact size after each cycle that outgrew the block, which while trajectories
   * lengthen means one fresh block per new longest batch; growing geometrically ahead means a few.
   */
  public static Scope scope(String id, long units) {
    MemoryWorkspaceManager manager = Nd4j.getWorkspaceManager();
    Double perUnit = BYTES_PER_UNIT.get(id);
    if (perUnit != null && units > 0 && manager.checkIfWorkspaceExists(id)) {
      MemoryWorkspace existing = manager.getWorkspaceForCurrentThread(id);
      long needed = (long) Math.ceil(perUnit * units);
      if (needed > existing.getCurrentSize() && !existing.isScopeActive()) {
        manager.destroyWorkspace(existing);
        manager.createNewWorkspace(sized((long) (needed * GROWTH)), id);
      }
    }
    return new Scope(manager.getAndActivateWorkspace(LEARNING, id), id, units);
  }

  /** Largest bytes per unit seen in a cycle of each workspace id (shared by the threads using that id). */
  private static final Map<String, Double> BYTES_PER_UNIT = new ConcurrentHashMap<>();

  private static WorkspaceConfiguration sized(long bytes) {
    return WorkspaceConfiguration.builder()
        .initialSize(bytes)
        .policyAllocation(AllocationPolicy.STRICT)
        .policyLearning(LearningPolicy.NONE)
        .policySpill(SpillPolicy.EXTERNAL)
        .policyReset(ResetPolicy.BLOCK_LEFT)
        .build();
  }

  /**
   * An open workspace scope (see {@link #scope}); {@link #close()} leaves it, records its bytes per unit, and
   * re-creates it larger if the cycle outgrew it anyway.
   */
  public static final class Scope implements AutoCloseable {
    private final MemoryWorkspace workspace;
    private final String id;
    private final long units;

    private Scope(MemoryWorkspace workspace, String id, long units) {
      this.workspace = workspace;
      this.id = id;
      this.units = units;
    }

    /** The workspace, for inspection (its size, its last cycle's allocations). */
    public MemoryWorkspace workspace() {
      return workspace;
    }

    @Override
    public void close() {
      workspace.close();
      long used = workspace.getLastCycleAllocations();
      if (units > 0) {
        BYTES_PER_UNIT.merge(id, (double) used / units, Math::max);
      }
      long size = workspace.getCurrentSize();
      if (size > 0 && used > size && !workspace.isScopeActive()) {
        MemoryWorkspaceManager manager = Nd4j.getWorkspaceManager();
        manager.destroyWorkspace(workspace);
        manager.createNewWorkspace(sized((long) (used * GROWTH)), id);
      }
    }
  }

  /** The data type an estimator's input must have: that of its parameters, FLOAT if it has none. */
  public static DataType inputType(org.gfn4j.api.policy.Estimator estimator) {
    return estimator.parameters().length() == 0 ? DataType.FLOAT : estimator.parameters().dataType();
  }

  /** A {@code [rows, cols]} float matrix holding {@code values} (row-major). */
  public static INDArray matrix(float[] values, int rows, int cols) {
    return Nd4j.create(values, new long[] {rows, cols}, 'c');
  }

  /** A {@code [rows, cols]} matrix of {@code dataType} holding {@code values} (row-major), converted in Java. */
  public static INDArray matrix(double[] values, int rows, int cols, DataType dataType) {
    if (dataType == DataType.DOUBLE) {
      return Nd4j.create(values, new long[] {rows, cols}, 'c');
    }
    float[] floats = new float[values.length];
    for (int i = 0; i < values.length; i++) {
      floats[i] = (float) values[i];
    }
    return dataType == DataType.FLOAT ? matrix(floats, rows, cols) : matrix(floats, rows, cols).castTo(dataType);
  }

  /** A {@code [rows, cols]} matrix of {@code dataType} holding {@code values} (row-major), converted in Java. */
  public static INDArray matrix(float[] values, int rows, int cols, DataType dataType) {
    if (dataType == DataType.FLOAT) {
      return matrix(values, rows, cols);
    }
    double[] doubles = new double[values.length];
    for (int i = 0; i < values.length; i++) {
      doubles[i] = values[i];
    }
    return Nd4j.create(doubles, new long[] {rows, cols}, 'c').castTo(dataType);
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

  /** A {@code [rows, cols]} float matrix holding the first {@code rows * cols} of {@code values} (row-major). */
  public static INDArray matrixFromPrefix(float[] values, int rows, int cols) {
    INDArray matrix = Nd4j.createUninitialized(DataType.FLOAT, rows, cols);
    write(values, matrix);
    return matrix;
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

  private static INDArray contiguous(INDArray array, DataType type) {
    if (array.isView() || array.dataType() != type || array.ordering() != 'c' || array.elementWiseStride() != 1) {
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
}
