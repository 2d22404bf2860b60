package org.gfn4j.core.optim;

import java.util.ArrayList;
import java.util.List;
import org.gfn4j.core.backend.Nd4jBackend;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adam (Kingma and Ba, 2015) and AdamW (Loshchilov and Hutter, 2019) over parameter groups, with optional
 * clipping of the global gradient norm; the update is PyTorch's:
 * {@code p -= lr * m / (1 - b1^t) / (sqrt(v / (1 - b2^t)) + eps)}.
 *
 * <p>The update runs in plain Java over copies of the flat buffers (one memory copy in and out per group; the
 * JIT vectorises the loop), which is an order of magnitude faster than ND4J's fused Adam op at these sizes.
 * Groups must be contiguous FLOAT or DOUBLE arrays.
 */
public final class Adam {
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

  /** Moments and scratch copies of one group, in the group's precision. */
  private final class State {
    private final ParameterGroup group;
    private final int length;
    private final boolean single;
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
      if (single) {
        parametersF = new float[length];
        gradientsF = new float[length];
        firstF = new float[length];
        secondF = new float[length];
      } else {
        parametersD = new double[length];
        gradientsD = new double[length];
        firstD = new double[length];
        secondD = new double[length];
      }
    }

    /** Reads parameters and gradients; returns the squared norm of the gradients. */
    double load() {
      if (length == 0) {
        return 0;
      }
      double sum = 0;
      if (single) {
        Nd4jBackend.read(group.parameters(), parametersF);
        Nd4jBackend.read(group.gradients(), gradientsF);
        for (float g : gradientsF) {
          sum += (double) g * g;
        }
      } else {
        Nd4jBackend.read(group.parameters(), parametersD);
        Nd4jBackend.read(group.gradients(), gradientsD);
        for (double g : gradientsD) {
          sum += g * g;
        }
      }
      return sum;
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
        float fb1 = (float) b1;
        float fb2 = (float) b2;
        float fStep = (float) stepSize;
        float fRoot = (float) root2;
        float fEps = (float) eps;
        float fScale = (float) scale;
        float fL2 = (float) l2;
        float fShrink = (float) shrink;
        for (int i = 0; i < length; i++) {
          float p = parametersF[i];
          float g = gradientsF[i] * fScale + fL2 * p;
          float m = fb1 * firstF[i] + (1 - fb1) * g;
          float v = fb2 * secondF[i] + (1 - fb2) * g * g;
          firstF[i] = m;
          secondF[i] = v;
          parametersF[i] = p * fShrink - fStep * m / ((float) Math.sqrt(v) / fRoot + fEps);
        }
        Nd4jBackend.write(parametersF, group.parameters());
      } else {
        for (int i = 0; i < length; i++) {
          double p = parametersD[i];
          double g = gradientsD[i] * scale + l2 * p;
          double m = b1 * firstD[i] + (1 - b1) * g;
          double v = b2 * secondD[i] + (1 - b2) * g * g;
          firstD[i] = m;
          secondD[i] = v;
          parametersD[i] = p * shrink - stepSize * m / (Math.sqrt(v) / root2 + eps);
        }
        Nd4jBackend.write(parametersD, group.parameters());
      }
    }
  }
}
