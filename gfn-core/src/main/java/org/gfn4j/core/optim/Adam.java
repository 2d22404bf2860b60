package org.gfn4j.core.optim;

import java.util.ArrayList;
import java.util.List;
import org.gfn4j.core.backend.Nd4jBackend;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam (Kingma and Ba, 2015) and AdamW (Loshchilov and Hutter, 2019) over parameter groups, with optional
 * clipping of the global gradient norm. Each group is updated with ND4J's fused Adam op, which computes
 * {@code lr * sqrt(1 - b2^t) / (1 - b1^t) * m / (sqrt(v) + eps)}: PyTorch's update up to where epsilon enters.
 */
public final class Adam {
  private final List<ParameterGroup> groups;
  private final List<INDArray> firstMoments = new ArrayList<>();
  private final List<INDArray> secondMoments = new ArrayList<>();
  private final double beta1;
  private final double beta2;
  private final double epsilon;
  private final boolean decoupledWeightDecay;
  private final double maxGradientNorm;
  private int steps;

  /**
   * @param groups parameter groups (empty groups are skipped)
   * @param settings betas, epsilon, AdamW or Adam, gradient-norm clipping
   */
  public Adam(List<ParameterGroup> groups, AdamSettings settings) {
    Nd4jBackend.configure();
    this.groups = List.copyOf(groups);
    for (ParameterGroup group : this.groups) {
      firstMoments.add(Nd4j.zeros(group.parameters().dataType(), group.parameters().length()));
      secondMoments.add(Nd4j.zeros(group.parameters().dataType(), group.parameters().length()));
    }
    this.beta1 = settings.beta1();
    this.beta2 = settings.beta2();
    this.epsilon = settings.epsilon();
    this.decoupledWeightDecay = settings.decoupledWeightDecay();
    this.maxGradientNorm = settings.maxGradientNorm();
  }

  /** Number of steps taken. */
  public int steps() {
    return steps;
  }

  /**
   * Updates every group from its gradients (which are overwritten) and returns the global gradient norm before
   * clipping ({@code NaN} if clipping is off, to avoid the cost of computing it).
   */
  public double step() {
    double norm = Double.NaN;
    if (maxGradientNorm > 0) {
      norm = clipGradients();
    }
    for (int g = 0; g < groups.size(); g++) {
      ParameterGroup group = groups.get(g);
      INDArray parameters = group.parameters();
      INDArray gradients = group.gradients().reshape(parameters.length());
      if (parameters.length() == 0) {
        continue;
      }
      if (group.weightDecay() > 0) {
        if (decoupledWeightDecay) {
          parameters.muli(1 - group.learningRate() * group.weightDecay());
        } else {
          gradients.addi(parameters.reshape(parameters.length()).mul(group.weightDecay()));
        }
      }
      Nd4j.exec(new AdamUpdater(gradients, secondMoments.get(g), firstMoments.get(g), group.learningRate(), beta1,
          beta2, epsilon, steps));
      parameters.subi(gradients.reshape(parameters.shape()));
    }
    steps++;
    return norm;
  }

  private double clipGradients() {
    double squared = 0;
    for (ParameterGroup group : groups) {
      if (group.gradients().length() > 0) {
        double n = group.gradients().norm2Number().doubleValue();
        squared += n * n;
      }
    }
    double norm = Math.sqrt(squared);
    if (norm > maxGradientNorm) {
      double scale = maxGradientNorm / (norm + 1e-6);
      for (ParameterGroup group : groups) {
        if (group.gradients().length() > 0) {
          group.gradients().muli(scale);
        }
      }
    }
    return norm;
  }
}
