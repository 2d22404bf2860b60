package org.gfn4j.envs.bitseq;

import java.util.Arrays;
import java.util.Map;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.param.Parameters;

/**
 * torchgfn's append-only {@code BitSequence}, the bit-sequence task of Malkin et al., "Trajectory Balance: Improved
 * Credit Assignment in GFlowNets" (NeurIPS 2022): a sequence of {@code seq_size} bits built {@code word_size} bits
 * at a time, left to right.
 *
 * <p>A state holds {@code n = seq_size / word_size} word values, the unfilled positions (all of them at the start)
 * being -1. Forward action {@code w < 2^word_size} appends word {@code w}; the exit, action {@code 2^word_size},
 * is allowed only once the sequence is complete, and then it is the only action. The single backward action of a
 * state removes its last word: backward action {@code w} is allowed when the last word is {@code w}. The state
 * graph is a tree. With {@code d(x)} the smallest Hamming distance, in bits, from {@code x} to the {@link Modes},
 * {@code log R(x) = -d(x) / temperature}. The features are the word values themselves, -1 for unfilled positions
 * (torchgfn's identity preprocessor).
 *
 * <p>Enumeration ({@link #stateCount}, {@link #allStates}, {@link #indexOf}) covers the
 * {@code sum_{l=0..n} (2^word_size)^l} sequences of every length and works when there are at most
 * {@value #MAX_ENUMERABLE_STATES} of them ({@link #isEnumerable}); otherwise it throws
 * {@link IllegalStateException}, which the conformance kit and the run factory read as "too large to enumerate".
 * The environment itself works at any size. Immutable and thread-safe.
 *
 * <pre>{@code
 * BitSequence env = BitSequence.of(Map.of("seq_size", "8", "word_size", "1", "n_modes", "2"));
 * DiscreteStates s0 = env.initialStates(16);
 * }</pre>
 */
public final class BitSequence extends AbstractBitSequence {
  /** The most states {@link #stateCount}, {@link #allStates} and {@link #indexOf} accept (the exact evaluator's). */
  public static final int MAX_ENUMERABLE_STATES = AbstractBitSequence.MAX_ENUMERABLE_STATES;

  private final double temperature;

  BitSequence(Parameters parameters) {
    this(parameters, seededModes(parameters, BitSequenceProvider.OWNER, Modes::tiled));
  }

  /** The environment with given modes (of {@code seq_size} bits) instead of the seeded ones. */
  BitSequence(Parameters parameters, Modes modes) {
    super(BitSequenceProvider.NAME, BitSequenceProvider.OWNER, parameters, modes,
        (wordCount, wordsPerSeq) -> wordCount + 1, BitSequence::treeSize);
    this.temperature = parameters.getDouble(BitSequenceProvider.TEMPERATURE);
  }

  /**
   * A BitSequence from raw {@code key=value} settings (those of {@link BitSequenceProvider}; absent keys take
   * their defaults).
   *
   * @throws IllegalArgumentException for an unknown key, a malformed or out-of-range value, or an invalid
   *     combination
   */
  public static BitSequence of(Map<String, String> settings) {
    return new BitSequenceProvider().create(settings);
  }

  /** The reward temperature. */
  public double temperature() {
    return temperature;
  }

  // ---- per-state rules, on plain arrays --------------------------------------------------------------------

  @Override
  protected void forwardMask(int[] values, int offset, boolean[] out, int outOffset) {
    boolean complete = length(values, offset) == wordsPerSeq;
    Arrays.fill(out, outOffset, outOffset + wordCount, !complete);
    out[outOffset + wordCount] = complete;
  }

  @Override
  protected void backwardMask(int[] values, int offset, boolean[] out, int outOffset) {
    int length = length(values, offset);
    Arrays.fill(out, outOffset, outOffset + wordCount, false);
    if (length > 0) {
      out[outOffset + values[offset + length - 1]] = true;
    }
  }

  @Override
  protected void applyForward(int[] values, int offset, int action) {
    values[offset + length(values, offset)] = action;
  }

  @Override
  protected void applyBackward(int[] values, int offset, int action) {
    values[offset + length(values, offset) - 1] = EMPTY;
  }

  // ---- rewards ---------------------------------------------------------------------------------------------

  @Override
  void checkComplete(DiscreteStates states, int[] values, int row) {
    if (length(values, row * wordsPerSeq) != wordsPerSeq) {
      throw new IllegalArgumentException("environment '" + name() + "': state " + states.format(row)
          + " (row " + row + ") is not a complete sequence, so it has no reward");
    }
  }

  /** {@code -d / temperature}. */
  @Override
  double logReward(int distance) {
    return -distance / temperature;
  }

  // ---- enumeration -----------------------------------------------------------------------------------------

  /** Every state, shortest first, then in lexicographic order of the words. */
  @Override
  public DiscreteStates allStates() {
    requireEnumerable("allStates");
    int count = stateCount();
    int[] values = new int[count * wordsPerSeq];
    Arrays.fill(values, EMPTY);
    int row = 0;
    for (int length = 0; length <= wordsPerSeq; length++) {
      int[] digits = new int[length];
      for (int i = 0; i < Words.power(wordCount, length); i++, row++) {
        System.arraycopy(digits, 0, values, row * wordsPerSeq, length);
        for (int d = length - 1; d >= 0 && ++digits[d] == wordCount; d--) {
          digits[d] = 0;
        }
      }
    }
    return states(count, values);
  }

  /** The index of state {@code row}: the states shorter than it, plus its words read as a base-2^k number. */
  @Override
  public int indexOf(DiscreteStates states, int row) {
    requireEnumerable("indexOf");
    checkOwn(states);
    int[] values = states.row(row);
    int length = length(values, 0);
    long index = treeSize(wordCount, length - 1);
    long value = 0;
    for (int p = 0; p < length; p++) {
      value = value * wordCount + values[p];
    }
    return (int) (index + value);
  }

  @Override
  public String toString() {
    return "BitSequence[word_size=" + wordSize + ", seq_size=" + seqSize + ", n_modes=" + modes.count()
        + ", temperature=" + temperature + "]";
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  /** The number of filled positions, after checking that the words form a prefix of valid values. */
  private int length(int[] values, int offset) {
    int length = 0;
    while (length < wordsPerSeq && values[offset + length] != EMPTY) {
      length++;
    }
    for (int p = 0; p < wordsPerSeq; p++) {
      int v = values[offset + p];
      if (v < EMPTY || v >= wordCount || (p >= length && v != EMPTY)) {
        throw new IllegalArgumentException("state " + Arrays.toString(Arrays.copyOfRange(values, offset,
            offset + wordsPerSeq)) + " is not a state of environment '" + name() + "': expected words in [0, "
            + (wordCount - 1) + "] followed by -1 (unfilled), position " + p + " holds " + v);
      }
    }
    return length;
  }

  /** {@code sum_{l=0..depth} base^l}, or {@code Long.MAX_VALUE} when that overflows; 0 for depth -1. */
  private static long treeSize(int base, int depth) {
    long total = 0;
    for (int l = 0; l <= depth; l++) {
      long level = Words.power(base, l);
      if (level == Long.MAX_VALUE || total > Long.MAX_VALUE - level) {
        return Long.MAX_VALUE;
      }
      total += level;
    }
    return total;
  }
}
