package org.gfn4j.envs.bitseq;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.gfn4j.envs.random.Mt19937;

/**
 * The target sequences ("modes") of the bit-sequence environments, as bits, built as torchgfn builds them, and the
 * smallest Hamming distance from a sequence to them. Immutable.
 *
 * <p>torchgfn tiles each mode from {@code seq_size / 8} blocks of its motif matrix H (five 8-bit blocks), drawing
 * the block indices with PyTorch's seeded Mersenne Twister and rejecting repeated tilings; {@link Mt19937} replays
 * those draws, so the modes are torchgfn's for the same seed.
 */
public final class Modes {
  /** Width of torchgfn's motif blocks. */
  public static final int MOTIF_WIDTH = 8;

  /** The longest sequences for which {@link #distanceHistogram} enumerates every bit string. */
  public static final int MAX_HISTOGRAM_BITS = 20;

  /** torchgfn's default H: the blocks modes are tiled from. */
  private static final int[][] MOTIFS = {
      {0, 0, 0, 0, 0, 0, 0, 0},
      {1, 1, 1, 1, 1, 1, 1, 1},
      {1, 1, 1, 1, 0, 0, 0, 0},
      {0, 0, 0, 0, 1, 1, 1, 1},
      {0, 0, 1, 1, 1, 1, 0, 0}};

  private final int seqSize;
  private final int[][] bits;

  private Modes(int seqSize, int[][] bits) {
    this.seqSize = seqSize;
    this.bits = bits;
  }

  /**
   * Explicit modes.
   *
   * @param modes at least one, all of one length, each bit 0 or 1; copied
   * @throws IllegalArgumentException otherwise
   */
  public static Modes of(int[]... modes) {
    requireNonNull(modes, "modes is null");
    if (modes.length == 0 || modes[0].length == 0) {
      throw new IllegalArgumentException("at least one mode of at least one bit is needed");
    }
    int[][] copy = new int[modes.length][];
    for (int i = 0; i < modes.length; i++) {
      copy[i] = modes[i].clone();
      if (copy[i].length != modes[0].length || Arrays.stream(copy[i]).anyMatch(b -> b != 0 && b != 1)) {
        throw new IllegalArgumentException("mode " + i + " " + Arrays.toString(copy[i]) + " is not "
            + modes[0].length + " bits of 0 or 1");
      }
    }
    return new Modes(copy[0].length, copy);
  }

  /**
   * torchgfn's {@code BitSequence.make_modes_set} with the default H: {@code count} distinct tilings of
   * {@code seqSize / 8} blocks, the block indices drawn by {@code torch.randint(0, 5, (m,), generator=g)} with
   * {@code g.manual_seed(seed)}.
   *
   * @param owner the environment, for messages
   * @throws IllegalArgumentException if {@code seqSize} is not a multiple of 8 or {@code count > 5^(seqSize / 8)}
   */
  static Modes tiled(int seqSize, int count, long seed, String owner) {
    if (seqSize % MOTIF_WIDTH != 0) {
      throw new IllegalArgumentException(owner + ": seq_size=" + seqSize + " must be a multiple of the motif width "
          + MOTIF_WIDTH + " (modes are tiled from 8-bit blocks, as in torchgfn)");
    }
    int blocks = seqSize / MOTIF_WIDTH;
    if (count > possibleTilings(blocks)) {
      throw new IllegalArgumentException(owner + ": n_modes=" + count + " exceeds the " + possibleTilings(blocks)
          + " distinct tilings of " + blocks + " block(s) from " + MOTIFS.length + " motifs (seq_size=" + seqSize
          + ")");
    }
    Mt19937 random = new Mt19937(seed);
    Set<List<Integer>> seen = new HashSet<>();
    List<int[]> modes = new ArrayList<>();
    while (modes.size() < count) {
      List<Integer> candidate = new ArrayList<>(blocks);
      for (int j = 0; j < blocks; j++) {
        candidate.add(random.nextBelow(MOTIFS.length));
      }
      if (seen.add(candidate)) {
        modes.add(tile(candidate, seqSize));
      }
    }
    return new Modes(seqSize, modes.toArray(int[][]::new));
  }

  /**
   * torchgfn's {@code NonAutoregressiveBitSequence._make_modes} without H: {@link #tiled} (from the global
   * generator seeded with {@code seed}, the same stream) when {@code seqSize >= 8}, else {@code count} rows of
   * random bits ({@code torch.randint(0, 2, (count, seqSize))}, repeats possible).
   *
   * @throws IllegalArgumentException if {@code seqSize >= 8} and it is not a multiple of 8 (torchgfn's modes would
   *     then be narrower than the sequences), or {@code count} exceeds the distinct tilings
   */
  static Modes nonAutoregressive(int seqSize, int count, long seed, String owner) {
    if (seqSize >= MOTIF_WIDTH) {
      return tiled(seqSize, count, seed, owner);
    }
    Mt19937 random = new Mt19937(seed);
    int[][] modes = new int[count][seqSize];
    for (int[] mode : modes) {
      for (int i = 0; i < seqSize; i++) {
        mode[i] = random.nextBelow(2);
      }
    }
    return new Modes(seqSize, modes);
  }

  /** Number of modes. */
  public int count() {
    return bits.length;
  }

  /** Bits per mode. */
  public int seqSize() {
    return seqSize;
  }

  /** A copy of mode {@code mode}'s bits. */
  public int[] bits(int mode) {
    return bits[mode].clone();
  }

  /** Mode {@code mode} as a bit string, {@code "00111100"}. */
  public String format(int mode) {
    StringBuilder text = new StringBuilder(seqSize);
    for (int bit : bits[mode]) {
      text.append(bit);
    }
    return text.toString();
  }

  /**
   * The modes cut into words of {@code wordSize} bits, each the value of its bits read most significant first
   * (torchgfn's {@code binary_to_integers}): {@code words[mode][position]}.
   */
  int[][] words(int wordSize) {
    int positions = seqSize / wordSize;
    int[][] words = new int[bits.length][positions];
    for (int m = 0; m < bits.length; m++) {
      for (int p = 0; p < positions; p++) {
        int value = 0;
        for (int b = 0; b < wordSize; b++) {
          value = value << 1 | bits[m][p * wordSize + b];
        }
        words[m][p] = value;
      }
    }
    return words;
  }

  /**
   * The smallest Hamming distance, in bits, from the sequence of words {@code values[offset .. offset + n)} to
   * the modes given as {@link #words}.
   */
  static int minDistance(int[][] modeWords, int[] values, int offset) {
    int best = Integer.MAX_VALUE;
    for (int[] mode : modeWords) {
      int distance = 0;
      for (int p = 0; p < mode.length && distance < best; p++) {
        distance += Integer.bitCount(values[offset + p] ^ mode[p]);
      }
      best = Math.min(best, distance);
    }
    return best;
  }

  /**
   * How many of the {@code 2^seqSize} bit strings lie at each smallest distance {@code d} from the modes
   * ({@code histogram[d]}, {@code d} in {@code [0, seqSize]}): the terminal states grouped by reward.
   *
   * @throws IllegalStateException if {@code seqSize > }{@value #MAX_HISTOGRAM_BITS}
   */
  public long[] distanceHistogram() {
    if (seqSize > MAX_HISTOGRAM_BITS) {
      throw new IllegalStateException("the distance histogram enumerates 2^" + seqSize + " bit strings; at most 2^"
          + MAX_HISTOGRAM_BITS + " are allowed");
    }
    int[][] modeWords = words(seqSize);
    long[] histogram = new long[seqSize + 1];
    int[] value = new int[1];
    for (int x = 0; x < 1 << seqSize; x++) {
      value[0] = x;
      histogram[minDistance(modeWords, value, 0)]++;
    }
    return histogram;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("Modes[");
    for (int m = 0; m < Math.min(count(), 8); m++) {
      text.append(m == 0 ? "" : ", ").append(format(m));
    }
    return text.append(count() > 8 ? ", ... (" + count() + ")]" : "]").toString();
  }

  private static int[] tile(List<Integer> blocks, int seqSize) {
    int[] mode = new int[seqSize];
    for (int j = 0; j < blocks.size(); j++) {
      System.arraycopy(MOTIFS[blocks.get(j)], 0, mode, j * MOTIF_WIDTH, MOTIF_WIDTH);
    }
    return mode;
  }

  private static long possibleTilings(int blocks) {
    long possible = 1;
    for (int j = 0; j < blocks && possible <= Integer.MAX_VALUE; j++) {
      possible *= MOTIFS.length;
    }
    return possible;
  }
}
