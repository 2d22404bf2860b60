package org.gfn4j.envs.bitseq;

import java.util.Arrays;
import java.util.Map;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.param.Parameters;

/**
 * torchgfn's {@code NonAutoregressiveBitSequence} (the formulation of the GFNX library): a sequence of
 * {@code seq_size} bits whose {@code n = seq_size / word_size} words are placed in any order, so the state graph is
 * a DAG rather than a tree.
 *
 * <p>A state holds {@code n} word values, -1 where unfilled. Forward action {@code a = p * 2^word_size + w} (for
 * {@code a < n * 2^word_size}) writes word {@code w} at the unfilled position {@code p}; the exit, action
 * {@code n * 2^word_size}, is allowed only when every position is filled. Backward actions share the forward
 * indices, as in torchgfn: backward action {@code p * 2^word_size + w} clears position {@code p} and is allowed
 * exactly when {@code p} holds {@code w}, so backward action {@code a} undoes forward action {@code a} (the API's
 * identity mapping). With {@code d(x)} the smallest Hamming distance in bits to the {@link Modes},
 * {@code log R(x) = -reward_exponent * d(x) / seq_size}, in double precision (torchgfn divides in float32). The
 * features are the word values, -1 where unfilled (torchgfn's identity preprocessor).
 *
 * <p>Enumeration works when there are at most {@value #MAX_ENUMERABLE_STATES} states,
 * {@code (2^word_size + 1)^n} ({@link #isEnumerable}); otherwise it throws {@link IllegalStateException}.
 * Immutable and thread-safe.
 */
public final class NonAutoregressiveBitSequence extends AbstractBitSequence {
  /** The most states {@link #stateCount}, {@link #allStates} and {@link #indexOf} accept (the exact evaluator's). */
  public static final int MAX_ENUMERABLE_STATES = AbstractBitSequence.MAX_ENUMERABLE_STATES;

  private final double rewardExponent;

  NonAutoregressiveBitSequence(Parameters parameters) {
    this(parameters, seededModes(parameters, NonAutoregressiveBitSequenceProvider.OWNER, Modes::nonAutoregressive));
  }

  /** The environment with given modes (of {@code seq_size} bits) instead of the seeded ones. */
  NonAutoregressiveBitSequence(Parameters parameters, Modes modes) {
    super(NonAutoregressiveBitSequenceProvider.NAME, NonAutoregressiveBitSequenceProvider.OWNER, parameters, modes,
        (wordCount, wordsPerSeq) -> (long) wordsPerSeq * wordCount + 1,
        (wordCount, wordsPerSeq) -> Words.power(wordCount + 1, wordsPerSeq));
    this.rewardExponent = parameters.getDouble(NonAutoregressiveBitSequenceProvider.REWARD_EXPONENT);
  }

  /**
   * An environment from raw {@code key=value} settings (those of {@link NonAutoregressiveBitSequenceProvider};
   * absent keys take their defaults).
   *
   * @throws IllegalArgumentException for an unknown key, a malformed or out-of-range value, or an invalid
   *     combination
   */
  public static NonAutoregressiveBitSequence of(Map<String, String> settings) {
    return new NonAutoregressiveBitSequenceProvider().create(settings);
  }

  /** The reward's sharpness. */
  public double rewardExponent() {
    return rewardExponent;
  }

  /** The forward action that writes word {@code word} at position {@code position}. */
  public int action(int position, int word) {
    if (position < 0 || position >= wordsPerSeq || word < 0 || word >= wordCount) {
      throw new IllegalArgumentException("environment '" + name() + "': no action writes word " + word
          + " at position " + position + " (positions 0.." + (wordsPerSeq - 1) + ", words 0.." + (wordCount - 1)
          + ")");
    }
    return position * wordCount + word;
  }

  // ---- per-state rules, on plain arrays --------------------------------------------------------------------

  @Override
  protected void forwardMask(int[] values, int offset, boolean[] out, int outOffset) {
    boolean complete = true;
    for (int p = 0; p < wordsPerSeq; p++) {
      boolean empty = word(values, offset, p) == EMPTY;
      Arrays.fill(out, outOffset + p * wordCount, outOffset + (p + 1) * wordCount, empty);
      complete &= !empty;
    }
    out[outOffset + wordsPerSeq * wordCount] = complete;
  }

  @Override
  protected void backwardMask(int[] values, int offset, boolean[] out, int outOffset) {
    Arrays.fill(out, outOffset, outOffset + wordsPerSeq * wordCount, false);
    for (int p = 0; p < wordsPerSeq; p++) {
      int w = word(values, offset, p);
      if (w != EMPTY) {
        out[outOffset + p * wordCount + w] = true;
      }
    }
  }

  @Override
  protected void applyForward(int[] values, int offset, int action) {
    values[offset + action / wordCount] = action % wordCount;
  }

  @Override
  protected void applyBackward(int[] values, int offset, int action) {
    values[offset + action / wordCount] = EMPTY;
  }

  // ---- rewards ---------------------------------------------------------------------------------------------

  @Override
  void checkComplete(DiscreteStates states, int[] values, int row) {
    for (int p = 0; p < wordsPerSeq; p++) {
      if (word(values, row * wordsPerSeq, p) == EMPTY) {
        throw new IllegalArgumentException("environment '" + name() + "': state " + states.format(row)
            + " (row " + row + ") has unfilled position " + p + ", so it has no reward");
      }
    }
  }

  /** {@code -reward_exponent * d / seq_size}. */
  @Override
  double logReward(int distance) {
    return -rewardExponent * distance / seqSize;
  }

  // ---- enumeration -----------------------------------------------------------------------------------------

  /** Every state, in the order of {@link #indexOf}. */
  @Override
  public DiscreteStates allStates() {
    requireEnumerable("allStates");
    int count = stateCount();
    int[] values = new int[count * wordsPerSeq];
    int[] digits = new int[wordsPerSeq];
    Arrays.fill(digits, EMPTY);
    for (int row = 0; row < count; row++) {
      System.arraycopy(digits, 0, values, row * wordsPerSeq, wordsPerSeq);
      for (int p = wordsPerSeq - 1; p >= 0 && ++digits[p] == wordCount; p--) {
        digits[p] = EMPTY;
      }
    }
    return states(count, values);
  }

  /** The index {@code sum_p (s_p + 1) * (2^word_size + 1)^(n - 1 - p)}. */
  @Override
  public int indexOf(DiscreteStates states, int row) {
    requireEnumerable("indexOf");
    checkOwn(states);
    int[] values = states.row(row);
    long index = 0;
    for (int p = 0; p < wordsPerSeq; p++) {
      index = index * (wordCount + 1) + word(values, 0, p) + 1;
    }
    return (int) index;
  }

  @Override
  public String toString() {
    return "NonAutoregressiveBitSequence[word_size=" + wordSize + ", seq_size=" + seqSize + ", n_modes="
        + modes.count() + ", reward_exponent=" + rewardExponent + "]";
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  /** The word at position {@code p}, or -1, after checking it is one of those. */
  private int word(int[] values, int offset, int p) {
    int v = values[offset + p];
    if (v < EMPTY || v >= wordCount) {
      throw new IllegalArgumentException("state " + Arrays.toString(Arrays.copyOfRange(values, offset,
          offset + wordsPerSeq)) + " is not a state of environment '" + name() + "': position " + p + " holds " + v
          + ", expected -1 (unfilled) or a word in [0, " + (wordCount - 1) + "]");
    }
    return v;
  }
}
