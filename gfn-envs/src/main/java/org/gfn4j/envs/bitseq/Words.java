package org.gfn4j.envs.bitseq;

import java.util.function.IntToDoubleFunction;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.param.Parameters;

/** What the two bit-sequence environments share: their size keys, the identity features, counting helpers. */
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

  /** Writes each state's values as floats into {@code out[0 .. rows * stateDim())}. */
  static void encodeIdentity(DiscreteEnvironment env, DiscreteStates states, float[] out) {
    checkOwn(env, states);
    int[] values = states.toArray();
    if (out.length < values.length) {
      throw new IllegalArgumentException("environment '" + env.name() + "': encoding " + states.size()
          + " states needs " + values.length + " floats (identity, " + env.stateDim() + " per state), got "
          + out.length);
    }
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
  }

  static void checkOwn(DiscreteEnvironment env, DiscreteStates states) {
    if (states.environment() != env) {
      throw new IllegalArgumentException("states of environment '" + states.environment().name() + "' passed to "
          + env);
    }
  }

  /** {@code log sum_d histogram[d] exp(logReward(d))}, in log space. */
  static double logPartition(long[] histogram, IntToDoubleFunction logReward) {
    double max = Double.NEGATIVE_INFINITY;
    for (int d = 0; d < histogram.length; d++) {
      if (histogram[d] > 0) {
        max = Math.max(max, Math.log(histogram[d]) + logReward.applyAsDouble(d));
      }
    }
    double sum = 0;
    for (int d = 0; d < histogram.length; d++) {
      if (histogram[d] > 0) {
        sum += Math.exp(Math.log(histogram[d]) + logReward.applyAsDouble(d) - max);
      }
    }
    return max + Math.log(sum);
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
