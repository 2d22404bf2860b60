package org.gfn4j.core.eval;

/**
 * Distances between the learned terminal distribution and the normalised reward.
 *
 * @param l1 exact L1 distance {@code Σ|p - q|} (in [0, 2])
 * @param jsd exact Jensen-Shannon divergence in nats (in [0, ln 2])
 * @param kl exact KL(target || learned) in nats
 * @param logZ the learned log Z
 * @param logZTrue the true log partition function of the reward in force
 * @param modesFound distinct modes seen in training samples so far
 * @param modesTotal number of modes (terminal states of maximal reward)
 * @param l1Sampled torchgfn's L1 from a histogram of fresh samples, or NaN when not computed
 */
public record Evaluation(double l1, double jsd, double kl, double logZ, double logZTrue, int modesFound,
    int modesTotal, double l1Sampled) {
  /** {@code |logZ - logZTrue|}. */
  public double logZError() {
    return Math.abs(logZ - logZTrue);
  }
}
