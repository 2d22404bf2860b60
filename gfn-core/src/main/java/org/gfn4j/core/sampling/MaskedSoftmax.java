package org.gfn4j.core.sampling;

import java.util.random.RandomGenerator;
import org.gfn4j.api.env.Masks;

/**
 * Policy arithmetic on plain arrays: masked log-softmax of a row of logits (masked actions get probability 0
 * and log-probability {@code -inf}), its gradient, and sampling with exploration.
 */
public final class MaskedSoftmax {
  private MaskedSoftmax() {}

  /**
   * Writes the log-probabilities of row {@code row} into {@code out[0 .. width)}: {@code logits / temperature}
   * normalised over the allowed actions; masked entries are {@code -inf}.
   *
   * @param logits row-major logits, {@code width = masks.width()} per row
   * @throws IllegalStateException if the state allows no action
   */
  public static void logProbabilities(double[] logits, Masks masks, int row, double temperature, double[] out) {
    int width = masks.width();
    int offset = row * width;
    double max = Double.NEGATIVE_INFINITY;
    for (int a = 0; a < width; a++) {
      if (masks.isAllowed(row, a)) {
        max = Math.max(max, logits[offset + a] / temperature);
      }
    }
    if (max == Double.NEGATIVE_INFINITY) {
      throw new IllegalStateException("state in row " + row + " allows no action");
    }
    double sum = 0;
    for (int a = 0; a < width; a++) {
      if (masks.isAllowed(row, a)) {
        sum += Math.exp(logits[offset + a] / temperature - max);
      }
    }
    double logNorm = max + Math.log(sum);
    for (int a = 0; a < width; a++) {
      out[a] = masks.isAllowed(row, a) ? logits[offset + a] / temperature - logNorm : Double.NEGATIVE_INFINITY;
    }
  }

  /**
   * Adds the gradient of {@code weight * logProb[action]} with respect to the row's logits (temperature 1) to
   * {@code gradient[row * width ..]}: {@code weight * (1[j = action] - p_j)} for allowed {@code j}, 0 for masked.
   *
   * @param logProbs log-probabilities from {@link #logProbabilities}, the row's starting at {@code from}
   */
  public static void addLogProbabilityGradient(double[] logProbs, int from, Masks masks, int row, int action,
      double weight, double[] gradient) {
    if (weight == 0) {
      return;
    }
    int offset = row * masks.width();
    for (int a = 0; a < masks.width(); a++) {
      if (masks.isAllowed(row, a)) {
        gradient[offset + a] += weight * ((a == action ? 1 : 0) - Math.exp(logProbs[from + a]));
      }
    }
  }

  /**
   * Draws an action for row {@code row}: the tempered policy mixed with the uniform distribution over allowed
   * actions, with weight {@code exploration.epsilon()}.
   */
  public static int sample(double[] logits, Masks masks, int row, Exploration exploration, RandomGenerator random,
      double[] scratch) {
    logProbabilities(logits, masks, row, exploration.temperature(), scratch);
    int width = masks.width();
    double epsilon = exploration.epsilon();
    double uniform = epsilon > 0 ? epsilon / masks.countAllowed(row) : 0;
    double u = random.nextDouble();
    double cumulative = 0;
    int last = -1;
    for (int a = 0; a < width; a++) {
      if (masks.isAllowed(row, a)) {
        cumulative += (1 - epsilon) * Math.exp(scratch[a]) + uniform;
        last = a;
        if (u < cumulative) {
          return a;
        }
      }
    }
    return last; // rounding left u above the total
  }
}
