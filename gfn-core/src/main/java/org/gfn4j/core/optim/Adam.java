package org.gfn4j.core.optim;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.gfn4j.core.backend.Nd4jBackend;
import org.gfn4j.core.backend.SmallProducts;
import org.gfn4j.core.state.Stateful;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Adam (Kingma and Ba, 2015) and AdamW (Loshchilov and Hutter, 2019) over parameter groups, with optional
 * clipping of the global gradient norm; the update is PyTorch's:
 * {@code p -= lr * m / (1 - b1^t) / (sqrt(v / (1 - b2^t)) + eps)}.
 *
 * <p>The update runs in Java: float groups in place in their native memory on the vector API where the JVM has it
 * ({@link AdamKernel}), other groups over copies of the flat buffers (one copy in and out per group), an order of
 * magnitude faster than ND4J's fused Adam op at these sizes. Groups must be contiguous FLOAT or DOUBLE arrays.
 *
 * <p>A moment that falls below the smallest normal value is set to 0, as a processor's flush-to-zero mode would:
 * a parameter whose gradient stays 0 (a dead unit) has its first moment shrink by {@code beta1} each step into the
 * subnormal range, where {@code 0.9 m} rounds back to {@code m} a few units from 0, so it would stay subnormal for
 * good and every operation on it would take the processor's slow path (2.5x slower steps on an Intel Xeon). The
 * parameter change such a moment stands for is below 1e-30.
 *
 * <p>Its state ({@link Stateful}) is the step count and each group's two moments in the group's precision, so that
 * a restored optimiser continues bit for bit; the settings and learning rates are not state.
 */
public final class Adam implements Stateful {
  private final List<ParameterGroup> groups;
  private final List<State> states = new ArrayList<>();
  private final AdamSettings settings;
  private int steps;

  /**
   * @param groups parameter groups (empty groups are skipped)
   * @param settings betas, epsilon, AdamW or Adam, gradient-norm clipping
   */
  public Adam(List<ParameterGroup> groups, AdamSettings settings) {
    this.groups = List.copyOf(groups);
    this.settings = settings;
    for (ParameterGroup group : this.groups) {
      states.add(new State(group));
    }
  }

  /** Number of steps taken. */
  public int steps() {
    return steps;
  }

  /**
   * Updates every group from its gradients and returns the global gradient norm before clipping.
   *
   * @throws NonFiniteGradientException naming the group, before any parameter changes, when a group's gradient
   *     holds a NaN or an infinite value
   */
  public double step() {
    double squaredNorm = 0;
    for (State state : states) {
      double groupNorm = state.load();
      if (!Double.isFinite(groupNorm)) {
        throw new NonFiniteGradientException(state.group.name());
      }
      squaredNorm += groupNorm;
    }
    steps++;
    double norm = Math.sqrt(squaredNorm);
    double scale = settings.maxGradientNorm() > 0 && norm > settings.maxGradientNorm()
        ? settings.maxGradientNorm() / (norm + 1e-6)
        : 1;
    double bias1 = 1 - Math.pow(settings.beta1(), steps);
    double bias2 = 1 - Math.pow(settings.beta2(), steps);
    for (State state : states) {
      state.update(scale, bias1, bias2);
    }
    return norm;
  }

  /**
   * Writes the step count, the number of groups and per group its name, length, value width (4 or 8 bytes) and
   * its first and then second moments.
   */
  @Override
  public void writeState(DataOutput out) throws IOException {
    out.writeInt(steps);
    out.writeInt(states.size());
    for (State state : states) {
      out.writeUTF(state.group.name());
      out.writeInt(state.length);
      out.writeByte(state.width());
      out.write(state.moments());
    }
  }

  /**
   * Restores a state {@link #writeState} wrote; changes nothing unless the whole state is read and fits.
   *
   * @throws IllegalArgumentException naming the group and both values when the groups differ in number, name,
   *     length or value width
   */
  @Override
  public void readState(DataInput in) throws IOException {
    int savedSteps = in.readInt();
    if (savedSteps < 0) {
      throw new IllegalArgumentException("optimiser state: " + savedSteps + " steps in the checkpoint");
    }
    int count = in.readInt();
    if (count < 0) {
      throw new IllegalArgumentException("optimiser state: " + count + " groups in the checkpoint");
    }
    List<SavedGroup> saved = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      saved.add(SavedGroup.read(in));
    }
    check(saved);
    for (int i = 0; i < count; i++) {
      states.get(i).restore(saved.get(i).moments());
    }
    steps = savedSteps;
  }

  private void check(List<SavedGroup> saved) {
    if (saved.size() != states.size()) {
      throw new IllegalArgumentException("optimiser state: " + saved.size() + " groups in the checkpoint "
          + saved.stream().map(SavedGroup::name).toList() + ", " + states.size() + " in the run "
          + states.stream().map(state -> state.group.name()).toList());
    }
    for (int i = 0; i < saved.size(); i++) {
      SavedGroup group = saved.get(i);
      State state = states.get(i);
      String name = state.group.name();
      if (!group.name().equals(name)) {
        throw new IllegalArgumentException("optimiser state: group " + i + " is '" + group.name()
            + "' in the checkpoint, '" + name + "' in the run");
      }
      if (group.length() != state.length) {
        throw new IllegalArgumentException("optimiser state: group '" + name + "' has " + group.length()
            + " values in the checkpoint, " + state.length + " in the run");
      }
      if (group.width() != state.width()) {
        throw new IllegalArgumentException("optimiser state: group '" + name + "' has " + group.width()
            + "-byte values in the checkpoint, " + state.width() + "-byte in the run");
      }
    }
  }

  /** One group's state as read from a checkpoint: both moments as big-endian bytes. */
  private record SavedGroup(String name, int length, int width, byte[] moments) {
    static SavedGroup read(DataInput in) throws IOException {
      String name = in.readUTF();
      int length = in.readInt();
      int width = in.readUnsignedByte();
      if (length < 0 || width != Float.BYTES && width != Double.BYTES || 2L * length * width > Integer.MAX_VALUE) {
        throw new IllegalArgumentException("optimiser state: group '" + name + "' has " + length + " values of "
            + width + " bytes in the checkpoint; expected a length >= 0 and 4- or 8-byte values");
      }
      byte[] moments = new byte[2 * length * width];
      in.readFully(moments);
      return new SavedGroup(name, length, width, moments);
    }
  }

  /**
   * Running sums of a gradient's squared norm: value {@code i} goes to sum {@code i % NORM_SUMS}, so that the
   * additions do not wait on each other (a single chain was the top of a profile), in an order that does not
   * depend on the processor's vector width.
   */
  static final int NORM_SUMS = 8;

  /**
   * The squared norm of {@code values[0 .. length - 1]}, where {@code sums} already holds the running sums of the
   * values before {@code from} (which is a multiple of {@link #NORM_SUMS}).
   */
  static double squaredNorm(float[] values, int from, int length, double[] sums) {
    int i = from;
    for (; i + NORM_SUMS <= length; i += NORM_SUMS) {
      for (int j = 0; j < NORM_SUMS; j++) {
        sums[j] += (double) values[i + j] * values[i + j];
      }
    }
    for (int j = 0; i < length; i++, j++) {
      sums[j] += (double) values[i] * values[i];
    }
    return sum(sums);
  }

  private static double sum(double[] sums) {
    return ((sums[0] + sums[1]) + (sums[2] + sums[3])) + ((sums[4] + sums[5]) + (sums[6] + sums[7]));
  }

  /**
   * One step's coefficients in float: gradient scale, L2 decay, betas, {@code lr / (1 - b1^t)},
   * {@code sqrt(1 - b2^t)}, epsilon and decoupled shrink factor.
   */
  record FloatStep(float scale, float l2, float beta1, float beta2, float stepSize, float root, float epsilon,
      float shrink) {}

  /** Element {@code i}'s float update, moments flushed to 0 below {@link Float#MIN_NORMAL}. */
  static void update(float[] parameters, float[] gradients, float[] first, float[] second, int i, FloatStep step) {
    parameters[i] = updated(parameters[i], gradients[i], first, second, i, step);
  }

  /**
   * The updated value of parameter {@code p} with gradient {@code gradient}, whose moments are element {@code i} of
   * {@code first} and {@code second} (updated in place).
   */
  static float updated(float p, float gradient, float[] first, float[] second, int i, FloatStep step) {
    float g = gradient * step.scale() + step.l2() * p;
    float m = step.beta1() * first[i] + (1 - step.beta1()) * g;
    float v = step.beta2() * second[i] + (1 - step.beta2()) * g * g;
    m = Math.abs(m) < Float.MIN_NORMAL ? 0 : m;
    v = v < Float.MIN_NORMAL ? 0 : v;
    first[i] = m;
    second[i] = v;
    return p * step.shrink() - step.stepSize() * m / ((float) Math.sqrt(v) / step.root() + step.epsilon());
  }

  /** Moments of one group in the group's precision, with its native buffers or, without them, scratch copies. */
  private final class State {
    private final ParameterGroup group;
    private final int length;
    private final boolean single;
    /** The group's parameters and gradients in native memory, for the vector API; null where it is not used. */
    private final ByteBuffer parametersNative;
    private final ByteBuffer gradientsNative;
    private float[] parametersF;
    private float[] gradientsF;
    private float[] firstF;
    private float[] secondF;
    private double[] parametersD;
    private double[] gradientsD;
    private double[] firstD;
    private double[] secondD;

    State(ParameterGroup group) {
      this.group = group;
      this.length = Math.toIntExact(group.parameters().length());
      DataType type = group.parameters().dataType();
      if (type != group.gradients().dataType() || type != DataType.FLOAT && type != DataType.DOUBLE) {
        throw new IllegalArgumentException("group '" + group.name() + "': Adam needs FLOAT or DOUBLE parameters and"
            + " gradients of the same type, got " + type + " and " + group.gradients().dataType());
      }
      single = type == DataType.FLOAT;
      boolean vector = single && length > 0 && SmallProducts.available();
      parametersNative = vector ? Nd4jBackend.nativeFloats(group.parameters()).orElse(null) : null;
      gradientsNative = parametersNative != null ? Nd4jBackend.nativeFloats(group.gradients()).orElse(null) : null;
      if (single) {
        if (gradientsNative == null) {
          parametersF = new float[length];
          gradientsF = new float[length];
        }
        firstF = new float[length];
        secondF = new float[length];
      } else {
        parametersD = new double[length];
        gradientsD = new double[length];
        firstD = new double[length];
        secondD = new double[length];
      }
    }

    int width() {
      return single ? Float.BYTES : Double.BYTES;
    }

    /** The first and then the second moments, big-endian. */
    byte[] moments() {
      ByteBuffer buffer = ByteBuffer.allocate(2 * length * width());
      if (single) {
        buffer.asFloatBuffer().put(firstF).put(secondF);
      } else {
        buffer.asDoubleBuffer().put(firstD).put(secondD);
      }
      return buffer.array();
    }

    /** Replaces both moments by those {@link #moments} returned for a group of this length and width. */
    void restore(byte[] moments) {
      ByteBuffer buffer = ByteBuffer.wrap(moments);
      if (single) {
        buffer.asFloatBuffer().get(firstF).get(secondF);
      } else {
        buffer.asDoubleBuffer().get(firstD).get(secondD);
      }
    }

    /** Reads parameters and gradients; returns the squared norm of the gradients. */
    double load() {
      if (length == 0) {
        return 0;
      }
      if (gradientsNative != null) {
        return AdamKernel.squaredNorm(gradientsNative, length);
      }
      if (single) {
        Nd4jBackend.read(group.parameters(), parametersF);
        Nd4jBackend.read(group.gradients(), gradientsF);
        return SmallProducts.available() ? AdamKernel.squaredNorm(gradientsF, length)
            : squaredNorm(gradientsF, 0, length, new double[NORM_SUMS]);
      }
      Nd4jBackend.read(group.parameters(), parametersD);
      Nd4jBackend.read(group.gradients(), gradientsD);
      double[] sums = new double[NORM_SUMS];
      int i = 0;
      for (; i + NORM_SUMS <= length; i += NORM_SUMS) {
        for (int j = 0; j < NORM_SUMS; j++) {
          sums[j] += gradientsD[i + j] * gradientsD[i + j];
        }
      }
      for (int j = 0; i < length; i++, j++) {
        sums[j] += gradientsD[i] * gradientsD[i];
      }
      return sum(sums);
    }

    void update(double scale, double bias1, double bias2) {
      if (length == 0) {
        return;
      }
      double lr = group.learningRate();
      double decay = group.weightDecay();
      double l2 = settings.decoupledWeightDecay() ? 0 : decay;
      double shrink = settings.decoupledWeightDecay() ? 1 - lr * decay : 1;
      double b1 = settings.beta1();
      double b2 = settings.beta2();
      double eps = settings.epsilon();
      double stepSize = lr / bias1;
      double root2 = Math.sqrt(bias2);
      if (single) {
        FloatStep step = new FloatStep((float) scale, (float) l2, (float) b1, (float) b2, (float) stepSize,
            (float) root2, (float) eps, (float) shrink);
        if (gradientsNative != null) {
          AdamKernel.update(parametersNative, gradientsNative, firstF, secondF, length, step);
          return;
        }
        if (SmallProducts.available()) {
          AdamKernel.update(parametersF, gradientsF, firstF, secondF, length, step);
        } else {
          for (int i = 0; i < length; i++) {
            Adam.update(parametersF, gradientsF, firstF, secondF, i, step);
          }
        }
        Nd4jBackend.write(parametersF, group.parameters());
      } else {
        for (int i = 0; i < length; i++) {
          double p = parametersD[i];
          double g = gradientsD[i] * scale + l2 * p;
          double m = b1 * firstD[i] + (1 - b1) * g;
          double v = b2 * secondD[i] + (1 - b2) * g * g;
          m = Math.abs(m) < Double.MIN_NORMAL ? 0 : m;
          v = v < Double.MIN_NORMAL ? 0 : v;
          firstD[i] = m;
          secondD[i] = v;
          parametersD[i] = p * shrink - stepSize * m / (Math.sqrt(v) / root2 + eps);
        }
        Nd4jBackend.write(parametersD, group.parameters());
      }
    }
  }
}
