package org.gfn4j.envs.bitseq;

import java.util.List;
import org.gfn4j.api.param.ParameterSpec;

/**
 * Provides {@link BitSequence}, torchgfn's append-only bit sequences with its defaults; registered as
 * {@code "bitseq"}.
 */
public final class BitSequenceProvider extends AbstractBitSequenceProvider<BitSequence> {
  /** The provider name. */
  public static final String NAME = "bitseq";
  /** Key of the bits per word. */
  public static final String WORD_SIZE = Words.WORD_SIZE;
  /** Key of the bits per sequence. */
  public static final String SEQ_SIZE = Words.SEQ_SIZE;
  /** Key of the number of modes. */
  public static final String N_MODES = Words.N_MODES;
  /** Key of the reward temperature. */
  public static final String TEMPERATURE = "temperature";
  /** Key of the seed the modes are drawn with. */
  public static final String SEED = Words.SEED;

  static final String OWNER = "environment '" + NAME + "'";

  private static final List<ParameterSpec> PARAMETERS = List.of(
      ParameterSpec.integer(WORD_SIZE, 4, 1, 16, "bits appended per step; 2^word_size + 1 actions (exit last)"),
      ParameterSpec.integer(SEQ_SIZE, 120, 8, 4096,
          "bits per sequence: a multiple of word_size and of the 8-bit motif width"),
      ParameterSpec.integer(N_MODES, 60, 1, 1_000_000,
          "number of distinct modes, tiled from torchgfn's five 8-bit motifs (at most 5^(seq_size/8))"),
      ParameterSpec.realAbove(TEMPERATURE, 1.0, 0, 1e6,
          "log R = -(Hamming distance to the nearest mode) / temperature"),
      ParameterSpec.integer(SEED, 0, 0, Integer.MAX_VALUE,
          "seed of the mode draws (PyTorch's Mersenne Twister, so the modes are torchgfn's)"));

  /** The provider, as the service loader creates it. */
  public BitSequenceProvider() {
    super(NAME, "bit sequences built a word at a time, rewarded by Hamming distance to modes (Malkin et al. 2022,"
        + " torchgfn's BitSequence)", PARAMETERS, BitSequence::new);
  }
}
