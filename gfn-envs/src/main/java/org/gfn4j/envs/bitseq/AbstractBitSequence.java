package org.gfn4j.envs.bitseq;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.random.RandomGenerator;
import org.gfn4j.api.env.AbstractDiscreteEnvironment;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Enumerable;
import org.gfn4j.api.math.LogSumExp;
import org.gfn4j.api.param.Parameters;

/**
 * What {@link BitSequence} and {@link NonAutoregressiveBitSequence} share: a state of {@code seq_size / word_size}
 * word values, -1 where unfilled; the reward, a function of the Hamming distance to the nearest of the
 * {@link Modes}, of complete sequences only; the identity features; and the checks around enumeration. The
 * subclasses define the actions, the log-reward of a distance and the enumeration order.
 */
abstract class AbstractBitSequence extends AbstractDiscreteEnvironment implements Enumerable {
  /** The most states the enumeration methods accept (the exact evaluator's). */
  static final int MAX_ENUMERABLE_STATES = 2_000_000;

  /** The value of an unfilled position. */
  static final int EMPTY = -1;

  /** A count that follows from the number of distinct words and of word positions. */
  @FunctionalInterface
  interface Count {
    /** The count, {@code Long.MAX_VALUE} when that overflows. */
    long of(int wordCount, int wordsPerSeq);
  }

  /** How a subclass draws its modes: {@link Modes#tiled} or {@link Modes#nonAutoregressive}. */
  @FunctionalInterface
  interface ModeDraw {
    /** The modes for these settings. */
    Modes draw(int seqSize, int nModes, long seed, String owner);
  }

  /** Bits per word. */
  final int wordSize;
  /** Bits per sequence. */
  final int seqSize;
  /** Word positions per sequence, the state dimension. */
  final int wordsPerSeq;
  /** {@code 2^word_size}, the number of distinct words. */
  final int wordCount;
  /** The target sequences. */
  final Modes modes;
  private final int[][] modeWords;
  /** Number of states, {@code Long.MAX_VALUE} when that overflows. */
  private final long stateCount;

  /** The seeded modes of {@code parameters}, once {@code word_size} is known to divide {@code seq_size}. */
  static Modes seededModes(Parameters parameters, String owner, ModeDraw draw) {
    Words.perSequence(parameters, owner);
    return draw.draw(parameters.getInt(Words.SEQ_SIZE), parameters.getInt(Words.N_MODES),
        parameters.getInt(Words.SEED), owner);
  }

  /**
   * Reads the sizes from {@code parameters} and checks the modes against them.
   *
   * @param name the provider name
   * @param owner the provider's name in messages, {@code environment 'name'}
   * @param parameters the validated parameters, with the {@link Words} keys
   * @param modes the target sequences, of {@code seq_size} bits
   * @param actionCount the number of forward actions, the exit included
   * @param stateCount the number of states
   * @throws IllegalArgumentException naming {@code owner} if {@code word_size} does not divide {@code seq_size} or
   *     the modes have another length
   */
  AbstractBitSequence(String name, String owner, Parameters parameters, Modes modes, Count actionCount,
      Count stateCount) {
    super(name, parameters, Words.perSequence(parameters, owner), Math.toIntExact(
        actionCount.of(1 << parameters.getInt(Words.WORD_SIZE), Words.perSequence(parameters, owner))));
    this.wordSize = parameters.getInt(Words.WORD_SIZE);
    this.seqSize = parameters.getInt(Words.SEQ_SIZE);
    this.wordsPerSeq = seqSize / wordSize;
    this.wordCount = 1 << wordSize;
    this.modes = requireNonNull(modes, "modes is null");
    if (modes.seqSize() != seqSize) {
      throw new IllegalArgumentException(owner + ": modes of " + modes.seqSize() + " bits for seq_size=" + seqSize);
    }
    this.modeWords = modes.words(wordSize);
    this.stateCount = stateCount.of(wordCount, wordsPerSeq);
  }

  /** Bits per word. */
  public int wordSize() {
    return wordSize;
  }

  /** Bits per sequence. */
  public int seqSize() {
    return seqSize;
  }

  /** Word positions per sequence, the state dimension. */
  public int wordsPerSeq() {
    return wordsPerSeq;
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

  @Override
  protected void initialState(int[] values, int offset) {
    Arrays.fill(values, offset, offset + wordsPerSeq, EMPTY);
  }

  /**
   * Complete sequences drawn uniformly from all {@code 2^seq_size}: each word by {@code random.nextInt(2^word_size)},
   * row by row, position by position.
   */
  @Override
  public Optional<DiscreteStates> sampleTerminalStates(int n, RandomGenerator random) {
    return Optional.of(uniformStates(n, wordCount, random));
  }

  // ---- rewards and features --------------------------------------------------------------------------------

  /**
   * The log-reward of each complete sequence, a function of its Hamming distance to the nearest mode (see the
   * class documentation).
   *
   * @throws IllegalArgumentException for a state that is not complete (only complete sequences are terminal)
   */
  @Override
  public double[] logReward(DiscreteStates terminalStates) {
    checkOwn(terminalStates);
    int[] values = terminalStates.toArray();
    double[] out = new double[terminalStates.size()];
    for (int row = 0; row < out.length; row++) {
      checkComplete(terminalStates, values, row);
      out[row] = logReward(Modes.minDistance(modeWords, values, row * wordsPerSeq));
    }
    return out;
  }

  /**
   * Checks that state {@code row} of {@code states} (whose values are {@code values}) is complete.
   *
   * @throws IllegalArgumentException naming the state and its row if it is not
   */
  abstract void checkComplete(DiscreteStates states, int[] values, int row);

  /** The log-reward of a complete sequence at Hamming distance {@code distance} from the nearest mode. */
  abstract double logReward(int distance);

  /** Writes each state's word values (-1 where unfilled) into {@code out[0 .. rows * wordsPerSeq())}. */
  @Override
  public void encode(DiscreteStates states, float[] out) {
    checkOwn(states);
    int[] values = states.toArray();
    if (out.length < values.length) {
      throw new IllegalArgumentException("environment '" + name() + "': encoding " + states.size()
          + " states needs " + values.length + " floats (identity, " + stateDim() + " per state), got "
          + out.length);
    }
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
  }

  // ---- enumeration -----------------------------------------------------------------------------------------

  /**
   * The number of states (see the class documentation).
   *
   * @throws IllegalStateException if that exceeds {@value #MAX_ENUMERABLE_STATES}
   */
  @Override
  public int stateCount() {
    requireEnumerable("stateCount");
    return (int) stateCount;
  }

  /**
   * {@code log sum_x R(x)} over the {@code 2^seq_size} complete sequences, from the {@link Modes#distanceHistogram}
   * when {@code seq_size <= }{@value Modes#MAX_HISTOGRAM_BITS}; empty otherwise.
   */
  @Override
  public OptionalDouble closedFormLogPartition() {
    return seqSize > Modes.MAX_HISTOGRAM_BITS ? OptionalDouble.empty()
        : OptionalDouble.of(logPartition(modes.distanceHistogram()));
  }

  /** {@code log sum_d histogram[d] exp(logReward(d))} over the distances {@code d} that occur, in log space. */
  private double logPartition(long[] histogram) {
    double[] terms = new double[histogram.length];
    int count = 0;
    for (int d = 0; d < histogram.length; d++) {
      if (histogram[d] > 0) {
        terms[count++] = Math.log(histogram[d]) + logReward(d);
      }
    }
    return LogSumExp.of(Arrays.copyOf(terms, count));
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  /**
   * @throws IllegalStateException naming {@code method} if there are more than {@value #MAX_ENUMERABLE_STATES}
   *     states
   */
  final void requireEnumerable(String method) {
    if (!isEnumerable()) {
      throw new IllegalStateException("environment '" + name() + "': " + method + " needs at most "
          + MAX_ENUMERABLE_STATES + " states, but word_size=" + wordSize + ", seq_size=" + seqSize + " gives "
          + (stateCount == Long.MAX_VALUE ? "more than 2^63" : Long.toString(stateCount)));
    }
  }

  /** @throws IllegalArgumentException if {@code states} belong to another environment */
  final void checkOwn(DiscreteStates states) {
    if (states.environment() != this) {
      throw new IllegalArgumentException("states of environment '" + states.environment().name() + "' passed to "
          + this);
    }
  }
}
