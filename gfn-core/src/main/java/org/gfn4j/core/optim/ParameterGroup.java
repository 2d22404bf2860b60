package org.gfn4j.core.optim;

import static java.util.Objects.requireNonNull;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Parameters updated with one learning rate: a flat parameter buffer and its gradient buffer.
 *
 * @param name for messages ({@code "pf"}, {@code "log_z"})
 * @param parameters flat parameters, updated in place
 * @param gradients flat gradients, same length; read by each step
 * @param learningRate step size
 * @param weightDecay weight decay (L2 for Adam, decoupled for AdamW)
 */
public record ParameterGroup(String name, INDArray parameters, INDArray gradients, double learningRate,
    double weightDecay) {
  public ParameterGroup {
    requireNonNull(name, "name is null");
    requireNonNull(parameters, "parameters is null");
    requireNonNull(gradients, "gradients is null");
    if (parameters.length() != gradients.length()) {
      throw new IllegalArgumentException("group '" + name + "': " + parameters.length() + " parameters but "
          + gradients.length() + " gradients");
    }
    if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("group '" + name + "': learning rate must be >= 0, got " + learningRate);
    }
    if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
      throw new IllegalArgumentException("group '" + name + "': weight decay must be >= 0, got " + weightDecay);
    }
  }
}
