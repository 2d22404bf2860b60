package org.gfn4j.envs.bitseq;

import java.util.List;
import org.gfn4j.api.param.ParameterSpec;

/**
 * Provides {@link NonAutoregressiveBitSequence}, torchgfn's bit sequences filled in any order, with its defaults;
 * registered as {@code "bitseq-nonauto"}.
 */
public final class NonAutoregressiveBitSequenceProvider
    extends AbstractBitSequenceProvider<NonAutoregressiveBitSequence> {
  /** The provider name. */
  public static final String NAME = "bitseq-nonauto";
  /** Key of the bits per word. */
  public static final String WORD_SIZE = Words.WORD_SIZE;
  /** Key of the bits per sequence. */
  public static final String SEQ_SIZE = Words.SEQ_SIZE;
  /** Key of the number of modes. */
  public static final String N_MODES = Words.N_MODES;
  /** Key of the reward's sharpness. */
  public static final String REWARD_EXPONENT = "reward_exponent";
  /** Key of the seed the modes are drawn with. */
  public static final String SEED = Words.SEED;

  static final String OWNER = "environment '" + NAME + "'";

  private static final List<ParameterSpec> PARAMETERS = List.of(
      ParameterSpec.integer(WORD_SIZE, 1, 1, 8,
          "bits per word; (seq_size / word_size) * 2^word_size + 1 actions (exit last)"),
      ParameterSpec.integer(SEQ_SIZE, 4, 1, 1024,
          "bits per sequence: a multiple of word_size, and below 8 or a multiple of the 8-bit motif width"),
      ParameterSpec.integer(N_MODES, 2, 1, 1_000_000,
          "number of modes: random bit strings when seq_size < 8, else distinct tilings of 8-bit motifs"),
      ParameterSpec.real(REWARD_EXPONENT, 2.0, 0, 1e6,
          "log R = -reward_exponent * (Hamming distance to the nearest mode) / seq_size"),
      ParameterSpec.integer(SEED, 0, 0, Integer.MAX_VALUE,
          "seed of the mode draws (PyTorch's Mersenne Twister, so the modes are torchgfn's)"));

  /** The provider, as the service loader creates it. */
  public NonAutoregressiveBitSequenceProvider() {
    super(NAME, "bit sequences whose words are placed at any free position (a DAG), rewarded by Hamming distance to"
        + " modes (torchgfn's NonAutoregressiveBitSequence)", PARAMETERS, NonAutoregressiveBitSequence::new);
  }
}
