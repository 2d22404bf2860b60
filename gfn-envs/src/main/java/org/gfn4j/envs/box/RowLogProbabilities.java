package org.gfn4j.envs.box;

import org.gfn4j.api.env.LogProbabilities;

/** Log-probabilities with their per-row gradients computed up front ({@code rows * width}, row-major). */
final class RowLogProbabilities implements LogProbabilities {
  private final double[] values;
  private final double[] gradients;
  private final int width;

  RowLogProbabilities(double[] values, double[] gradients, int width) {
    this.values = values;
    this.gradients = gradients;
    this.width = width;
  }

  @Override
  public double[] values() {
    return values;
  }

  @Override
  public void addGradient(double[] upstream, double[] outputGradient) {
    if (upstream.length != values.length || outputGradient.length != gradients.length) {
      throw new IllegalArgumentException(upstream.length + " upstream values and a gradient of "
          + outputGradient.length + " for " + values.length + " rows of " + width + " outputs");
    }
    for (int row = 0; row < values.length; row++) {
      double weight = upstream[row];
      if (weight == 0) {
        continue;
      }
      for (int j = row * width; j < (row + 1) * width; j++) {
        outputGradient[j] += weight * gradients[j];
      }
    }
  }
}
