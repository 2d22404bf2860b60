package org.gfn4j.core.train;

/**
 * Where one training iteration spent its time, in nanoseconds (torchgfn's {@code --timing} phases).
 *
 * @param sampling rolling out the batch (with its PF forward passes) and drawing replayed trajectories
 * @param forward the estimators' forward passes for the loss, with the masked log-softmax
 * @param objective the objective's loss and gradients on plain arrays
 * @param backward back-propagation through the log-softmax and the estimators
 * @param optimizer the Adam step
 */
public record PhaseTimes(long sampling, long forward, long objective, long backward, long optimizer) {
  /** No time at all. */
  public static final PhaseTimes ZERO = new PhaseTimes(0, 0, 0, 0, 0);

  /** The phase names, in order. */
  public static final String[] NAMES = {"sampling", "forward", "objective", "backward", "optimizer"};

  /** The phases' times in {@link #NAMES} order. */
  public long[] values() {
    return new long[] {sampling, forward, objective, backward, optimizer};
  }

  /** The sum of all phases. */
  public long total() {
    return sampling + forward + objective + backward + optimizer;
  }

  /** Phase-wise sum. */
  public PhaseTimes plus(PhaseTimes other) {
    return new PhaseTimes(sampling + other.sampling, forward + other.forward, objective + other.objective,
        backward + other.backward, optimizer + other.optimizer);
  }
}
