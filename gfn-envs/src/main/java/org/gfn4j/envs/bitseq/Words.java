package org.gfn4j.envs.bitseq;

import org.gfn4j.api.param.Parameters;

/** What the two bit-sequence environments and their providers share: their size keys and counting helpers. */
final class Words {
  /** Key of the bits per word. */
  static final String WORD_SIZE = "word_size";
  /** Key of the bits per sequence. */
  static final String SEQ_SIZE = "seq_size";
  /** Key of the number of modes. */
  static final String N_MODES = "n_modes";
  /** Key of the seed of the modes. */
  static final String SEED = "seed";

  private Words() {}

  /**
   * {@code seq_size / word_size}.
   *
   * @throws IllegalArgumentException if {@code word_size} does not divide {@code seq_size}
   */
  static int perSequence(Parameters parameters, String owner) {
    int wordSize = parameters.getInt(WORD_SIZE);
    int seqSize = parameters.getInt(SEQ_SIZE);
    if (seqSize % wordSize != 0) {
      throw new IllegalArgumentException(owner + ": word_size=" + wordSize + " must divide seq_size=" + seqSize);
    }
    return seqSize / wordSize;
  }

  /** {@code base^exponent}, or {@code Long.MAX_VALUE} when that overflows. */
  static long power(int base, int exponent) {
    long result = 1;
    for (int i = 0; i < exponent; i++) {
      if (result > Long.MAX_VALUE / base) {
        return Long.MAX_VALUE;
      }
      result *= base;
    }
    return result;
  }
}
