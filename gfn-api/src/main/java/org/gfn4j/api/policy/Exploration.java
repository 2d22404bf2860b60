package org.gfn4j.api.policy;

/**
 * How a sampler departs from the policy it samples, applied by the {@link org.gfn4j.api.env.PolicyHead}: for a
 * categorical head the exit logit lowered by {@code exitBias} (torchgfn's {@code sf_bias}), the logits divided by
 * {@code temperature}, then the probabilities mixed with the uniform distribution over allowed actions with weight
 * {@code epsilon} (torchgfn's {@code temperature} and {@code epsilon}); continuous heads document their own reading
 * of the three.
 * {@link #NONE} samples the policy itself.
 *
 * @param epsilon weight of the uniform mixture, in [0, 1]
 * @param temperature positive temperature (1 = unchanged)
 * @param exitBias subtracted from the exit logit before the temperature (0 = unchanged; finite)
 */
public record Exploration(double epsilon, double temperature, double exitBias) {
  /** On-policy sampling. */
  public static final Exploration NONE = new Exploration(0, 1, 0);

  public Exploration {
    if (!(epsilon >= 0 && epsilon <= 1)) {
      throw new IllegalArgumentException("epsilon must be in [0, 1], got " + epsilon);
    }
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be positive and finite, got " + temperature);
    }
    if (!Double.isFinite(exitBias)) {
      throw new IllegalArgumentException("exit bias must be finite, got " + exitBias);
    }
  }

  /** Epsilon-mixing and temperature, no exit bias. */
  public Exploration(double epsilon, double temperature) {
    this(epsilon, temperature, 0);
  }

  /** Whether samples follow the policy exactly. */
  public boolean isOnPolicy() {
    return epsilon == 0 && temperature == 1 && exitBias == 0;
  }
}
