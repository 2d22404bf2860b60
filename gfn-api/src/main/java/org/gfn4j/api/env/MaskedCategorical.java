package org.gfn4j.api.env;

import java.util.random.RandomGenerator;
import org.gfn4j.api.policy.Exploration;
import static java.util.Objects.requireNonNull;

/**
 * The policy head of discrete environments: a categorical over the allowed actions, the masked log-softmax of the
 * raw outputs (masked actions get probability 0 and log-probability {@code -inf}, and their outputs zero gradient).
 * {@link #forward} reads the forward masks (exit last), {@link #backward} the backward ones. The static methods are
 * the same arithmetic on one row of plain arrays, for code that needs every action's probability.
 */
public final class MaskedCategorical implements PolicyHead<DiscreteStates, Actions> {
  private final DiscreteEnvironment environment;
  private final boolean forward;

  private MaskedCategorical(DiscreteEnvironment environment, boolean forward) {
    this.environment = requireNonNull(environment, "environment is null");
    this.forward = forward;
  }

  /** The forward head: {@code actionCount()} outputs, the last one the exit's. */
  public static MaskedCategorical forward(DiscreteEnvironment environment) {
    return new MaskedCategorical(environment, true);
  }

  /** The backward head: {@code backwardActionCount()} outputs. */
  public static MaskedCategorical backward(DiscreteEnvironment environment) {
    return new MaskedCategorical(environment, false);
  }

  @Override
  public String name() {
    return "masked-categorical";
  }

  @Override
  public int outputDim() {
    return forward ? environment.actionCount() : environment.backwardActionCount();
  }

  private Masks masks(DiscreteStates states) {
    return forward ? states.forwardMasks() : states.backwardMasks();
  }

  @Override
  public SampledActions<Actions> sample(DiscreteStates states, double[] outputs, Exploration exploration,
      RandomGenerator random) {
    Masks masks = masks(states);
    int rows = states.size();
    int width = masks.width();
    int exit = forward ? environment.exitAction() : -1;
    double[] row = new double[width];
    int[] actions = new int[rows];
    boolean[] exits = new boolean[rows];
    double[] logProbs = new double[rows];
    double[] biased = exploration.exitBias() != 0 && forward ? new double[width] : null;
    for (int r = 0; r < rows; r++) {
      double[] logits = outputs;
      int offset = r * width;
      if (biased != null) {
        System.arraycopy(outputs, r * width, biased, 0, width);
        biased[exit] -= exploration.exitBias();
        logits = biased;
        offset = 0;
      }
      int action = sampleRow(logits, offset, masks, r, exploration, random, row);
      actions[r] = action;
      exits[r] = action == exit;
      logProbs[r] = explored(row, masks, r, action, exploration.epsilon());
    }
    return new SampledActions<>(new Actions(actions, exits), logProbs);
  }

  /** The log-probability of {@code action} under the tempered policy mixed with the uniform one. */
  private static double explored(double[] tempered, Masks masks, int row, int action, double epsilon) {
    return epsilon == 0 ? tempered[action]
        : Math.log((1 - epsilon) * Math.exp(tempered[action]) + epsilon / masks.countAllowed(row));
  }

  @Override
  public LogProbabilities logProbabilities(DiscreteStates states, double[] outputs, Actions actions) {
    Masks masks = masks(states);
    int rows = states.size();
    int width = masks.width();
    double[] all = new double[rows * width];
    double[] chosen = new double[rows];
    double[] row = new double[width];
    for (int r = 0; r < rows; r++) {
      int action = actions.get(r);
      if (action < 0 || action >= width || !masks.isAllowed(r, action)) {
        throw new IllegalArgumentException((forward ? "action " : "backward action ") + action + " is "
            + (action < 0 || action >= width ? "out of range" : "masked") + " for state " + states.format(r)
            + " in environment '" + environment.name() + "' (row " + r + " of " + rows + ")");
      }
      logProbabilities(outputs, masks, r, 1.0, row);
      System.arraycopy(row, 0, all, r * width, width);
      chosen[r] = row[action];
    }
    return new LogProbabilities() {
      @Override
      public double[] values() {
        return chosen;
      }

      @Override
      public void addGradient(double[] upstream, double[] outputGradient) {
        for (int r = 0; r < rows; r++) {
          addLogProbabilityGradient(all, r * width, masks, r, actions.get(r), upstream[r], outputGradient);
        }
      }
    };
  }

  /**
   * Writes the log-probabilities of row {@code row} into {@code out[0 .. width)}: {@code logits / temperature}
   * normalised over the allowed actions; masked entries are {@code -inf}.
   *
   * @param logits row-major logits, {@code width = masks.width()} per row
   * @throws IllegalStateException if the state allows no action
   * @throws IllegalArgumentException if an allowed logit is NaN
   */
  public static void logProbabilities(double[] logits, Masks masks, int row, double temperature, double[] out) {
    logProbabilities(logits, row * masks.width(), masks, row, temperature, out);
  }

  private static void logProbabilities(double[] logits, int offset, Masks masks, int row, double temperature,
      double[] out) {
    int width = masks.width();
    double max = Double.NEGATIVE_INFINITY;
    for (int a = 0; a < width; a++) {
      if (masks.isAllowed(row, a)) {
        double logit = logits[offset + a];
        if (Double.isNaN(logit)) {
          throw new IllegalArgumentException("policy output for action " + a + " of row " + row + " is NaN");
        }
        max = Math.max(max, logit / temperature);
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
   * actions, with weight {@code exploration.epsilon()}; {@code scratch} receives the tempered log-probabilities.
   */
  public static int sample(double[] logits, Masks masks, int row, Exploration exploration, RandomGenerator random,
      double[] scratch) {
    return sampleRow(logits, row * masks.width(), masks, row, exploration, random, scratch);
  }

  private static int sampleRow(double[] logits, int offset, Masks masks, int row, Exploration exploration,
      RandomGenerator random, double[] scratch) {
    logProbabilities(logits, offset, masks, row, exploration.temperature(), scratch);
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
