package org.gfn4j.core.optim;

/**
 * Hyper-parameters of {@link Adam} shared by all groups.
 *
 * @param beta1 first-moment decay
 * @param beta2 second-moment decay
 * @param epsilon denominator guard
 * @param decoupledWeightDecay {@code true} for AdamW, {@code false} for Adam's L2 penalty
 * @param maxGradientNorm clip the global gradient norm to this value; 0 disables clipping
 */
public record AdamSettings(double beta1, double beta2, double epsilon, boolean decoupledWeightDecay,
    double maxGradientNorm) {
  /** PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, plain Adam, no clipping. */
  public static final AdamSettings DEFAULTS = new AdamSettings(0.9, 0.999, 1e-8, false, 0);

  public AdamSettings {
    if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
      throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + beta1 + ", " + beta2);
    }
    if (!(epsilon > 0)) {
      throw new IllegalArgumentException("Adam epsilon must be positive, got " + epsilon);
    }
    if (!(maxGradientNorm >= 0)) {
      throw new IllegalArgumentException("max gradient norm must be >= 0 (0 = off), got " + maxGradientNorm);
    }
  }
}
