package org.gfn4j.core.sampling;

/**
 * How a sampler departs from the policy it samples: logits divided by {@code temperature}, then the
 * probabilities mixed with the uniform distribution over allowed actions with weight {@code epsilon}
 * (torchgfn's {@code temperature} and {@code epsilon}). {@link #NONE} samples the policy itself.
 *
 * @param epsilon weight of the uniform mixture, in [0, 1]
 * @param temperature positive logit temperature (1 = unchanged)
 */
public record Exploration(double epsilon, double temperature) {
  /** On-policy sampling. */
  public static final Exploration NONE = new Exploration(0, 1);

  public Exploration {
    if (!(epsilon >= 0 && epsilon <= 1)) {
      throw new IllegalArgumentException("epsilon must be in [0, 1], got " + epsilon);
    }
    if (!(temperature > 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be positive and finite, got " + temperature);
    }
  }

  /** Whether samples follow the policy exactly. */
  public boolean isOnPolicy() {
    return epsilon == 0 && temperature == 1;
  }
}
