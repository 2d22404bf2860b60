package org.gfn4j.envs.bitseq;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Map;
import java.util.OptionalDouble;
import org.gfn4j.api.env.AbstractDiscreteEnvironment;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Enumerable;
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
 * <p>Enumeration ({@link #stateCount}, {@link #allStates}, {@link #indexOf}) works when there are at most
 * {@value #MAX_ENUMERABLE_STATES} states ({@link #isEnumerable}); otherwise it throws
 * {@link IllegalStateException}, which the conformance kit and the run factory read as "too large to enumerate".
 * The environment itself works at any size. Immutable and thread-safe.
 *
 * <pre>{@code
 * BitSequence env = BitSequence.of(Map.of("seq_size", "8", "word_size", "1", "n_modes", "2"));
 * DiscreteStates s0 = env.initialStates(16);
 * }</pre>
 */
public final class BitSequence extends AbstractDiscreteEnvironment implements Enumerable {
  /** The most states {@link #stateCount}, {@link #allStates} and {@link #indexOf} accept (the exact evaluator's). */
  public static final int MAX_ENUMERABLE_STATES = 2_000_000;

  static final int EMPTY = -1;

  private final int wordSize;
  private final int seqSize;
  private final int wordsPerSeq;
  private final int wordCount;
  private final double temperature;
  private final Modes modes;
  private final int[][] modeWords;
  /** Number of states, {@code Long.MAX_VALUE} when that overflows. */
  private final long stateCount;

  BitSequence(Parameters parameters) {
    this(parameters, seededModes(parameters));
  }

  /** torchgfn's modes for these parameters, once {@code word_size} is known to divide {@code seq_size}. */
  private static Modes seededModes(Parameters parameters) {
    Words.perSequence(parameters, BitSequenceProvider.OWNER);
    return Modes.tiled(parameters.getInt(Words.SEQ_SIZE), parameters.getInt(Words.N_MODES),
        parameters.getInt(Words.SEED), BitSequenceProvider.OWNER);
  }

  /** The environment with given modes (of {@code seq_size} bits) instead of the seeded ones. */
  BitSequence(Parameters parameters, Modes modes) {
    super(BitSequenceProvider.NAME, parameters, Words.perSequence(parameters, BitSequenceProvider.OWNER),
        (1 << parameters.getInt(BitSequenceProvider.WORD_SIZE)) + 1);
    this.wordSize = parameters.getInt(BitSequenceProvider.WORD_SIZE);
    this.seqSize = parameters.getInt(BitSequenceProvider.SEQ_SIZE);
    this.wordsPerSeq = seqSize / wordSize;
    this.wordCount = 1 << wordSize;
    this.temperature = parameters.getDouble(BitSequenceProvider.TEMPERATURE);
    this.modes = requireNonNull(modes, "modes is null");
    if (modes.seqSize() != seqSize) {
      throw new IllegalArgumentException(BitSequenceProvider.OWNER + ": modes of " + modes.seqSize()
          + " bits for seq_size=" + seqSize);
    }
    this.modeWords = modes.words(wordSize);
    this.stateCount = treeSize(wordCount, wordsPerSeq);
  }

  /**
   * A BitSequence from raw {@code key=value} settings (those of {@link BitSequenceProvider}; absent keys take
   * their defaults).
   *
   * @throws IllegalArgumentException for an unknown key, a malformed or out-of-range value, or an invalid
   *     combination
   */
  public static BitSequence of(Map<String, String> settings) {
    BitSequenceProvider provider = new BitSequenceProvider();
    return provider.create(Parameters.parse(BitSequenceProvider.OWNER, provider.parameters(), settings));
  }

  /** Bits per word. */
  public int wordSize() {
    return wordSize;
  }

  /** Bits per sequence. */
  public int seqSize() {
    return seqSize;
  }

  /** Words per sequence, the state dimension. */
  public int wordsPerSeq() {
    return wordsPerSeq;
  }

  /** The reward temperature. */
  public double temperature() {
    return temperature;
  }

  /** The target sequences. */
  public Modes modes() {
    return modes;
  }

  /** Whether there are at most {@value #MAX_ENUMERABLE_STATES} states, so the enumeration methods work. */
  public boolean isEnumerable() {
    return stateCount <= MAX_ENUMERABLE_STATES;
  }

  @Override
  public int encodingDim() {
    return wordsPerSeq;
  }

  @Override
  public String encoding() {
    return "identity";
  }

  // ---- per-state rules, on plain arrays --------------------------------------------------------------------

  @Override
  protected void initialState(int[] values, int offset) {
    Arrays.fill(values, offset, offset + wordsPerSeq, EMPTY);
  }

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

  // ---- rewards and features --------------------------------------------------------------------------------

  /**
   * {@code -d(x) / temperature} for each complete sequence.
   *
   * @throws IllegalArgumentException for a state that is not complete (only complete sequences are terminal)
   */
  @Override
  public double[] logReward(DiscreteStates terminalStates) {
    Words.checkOwn(this, terminalStates);
    int[] values = terminalStates.toArray();
    double[] out = new double[terminalStates.size()];
    for (int row = 0; row < out.length; row++) {
      if (length(values, row * wordsPerSeq) != wordsPerSeq) {
        throw new IllegalArgumentException("environment '" + name() + "': state " + terminalStates.format(row)
            + " (row " + row + ") is not a complete sequence, so it has no reward");
      }
      out[row] = -Modes.minDistance(modeWords, values, row * wordsPerSeq) / temperature;
    }
    return out;
  }

  /** Writes each state's word values (-1 where unfilled) into {@code out[0 .. rows * wordsPerSeq())}. */
  @Override
  public void encode(DiscreteStates states, float[] out) {
    Words.encodeIdentity(this, states, out);
  }

  // ---- enumeration -----------------------------------------------------------------------------------------

  /**
   * {@code sum_{l=0..n} (2^word_size)^l}, the sequences of every length.
   *
   * @throws IllegalStateException if that exceeds {@value #MAX_ENUMERABLE_STATES}
   */
  @Override
  public int stateCount() {
    requireEnumerable("stateCount");
    return (int) stateCount;
  }

  /** Every state, shortest first, then in lexicographic order of the words. */
  @Override
  public DiscreteStates allStates() {
    requireEnumerable("allStates");
    int count = (int) stateCount;
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
    Words.checkOwn(this, states);
    int[] values = states.row(row);
    int length = length(values, 0);
    long index = treeSize(wordCount, length - 1);
    long value = 0;
    for (int p = 0; p < length; p++) {
      value = value * wordCount + values[p];
    }
    return (int) (index + value);
  }

  /**
   * {@code log sum_x exp(-d(x) / temperature)} over the {@code 2^seq_size} complete sequences, from the
   * {@link Modes#distanceHistogram} when {@code seq_size <= }{@value Modes#MAX_HISTOGRAM_BITS}; empty otherwise.
   */
  @Override
  public OptionalDouble closedFormLogPartition() {
    return seqSize > Modes.MAX_HISTOGRAM_BITS ? OptionalDouble.empty()
        : OptionalDouble.of(Words.logPartition(modes.distanceHistogram(), d -> -d / temperature));
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

  private void requireEnumerable(String method) {
    if (!isEnumerable()) {
      throw new IllegalStateException("environment '" + name() + "': " + method + " needs at most "
          + MAX_ENUMERABLE_STATES + " states, but word_size=" + wordSize + ", seq_size=" + seqSize + " gives "
          + (stateCount == Long.MAX_VALUE ? "more than 2^63" : Long.toString(stateCount)));
    }
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
