package org.gfn4j.envs.random;

/**
 * The 32-bit Mersenne Twister MT19937 (Matsumoto and Nishimura 1998), seeded as PyTorch seeds its CPU generator
 * ({@code torch.manual_seed(s)}, {@code torch.Generator().manual_seed(s)}: the reference {@code init_genrand} of
 * the low 32 bits of {@code s}). With {@link #nextBelow}, which is PyTorch's CPU {@code randint} for ranges below
 * 2^28 ({@code draw % range}, one draw per element in row-major order), and {@link #permutation}, PyTorch's CPU
 * {@code randperm}, it replays the draws torchgfn's environments make from a seeded generator. Not thread-safe;
 * the environments use one only while they are built.
 */
public final class Mt19937 {
  /** {@link #permutation} replays PyTorch for sizes below this ({@code 2^32 / 20}); larger ones draw otherwise. */
  public static final int MAX_PERMUTATION = 214_748_364;

  private static final int N = 624;
  private static final int M = 397;
  private static final int MATRIX_A = 0x9908b0df;
  private static final int UPPER = 0x80000000;
  private static final int LOWER = 0x7fffffff;

  private final int[] state = new int[N];
  private int next = N;

  /** A generator seeded with the low 32 bits of {@code seed}. */
  public Mt19937(long seed) {
    state[0] = (int) seed;
    for (int i = 1; i < N; i++) {
      state[i] = 1812433253 * (state[i - 1] ^ (state[i - 1] >>> 30)) + i;
    }
  }

  /** The next 32-bit output, as an unsigned value in a {@code long}. */
  public long nextUnsigned() {
    if (next == N) {
      twist();
    }
    int y = state[next++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return Integer.toUnsignedLong(y);
  }

  /**
   * The next output modulo {@code range} (PyTorch's {@code randint(0, range)} for {@code range < 2^28}).
   *
   * @throws IllegalArgumentException if {@code range} is not in {@code [1, 2^28)}
   */
  public int nextBelow(int range) {
    if (range < 1 || range >= 1 << 28) {
      throw new IllegalArgumentException("range must be in [1, 2^28), got " + range);
    }
    return (int) (nextUnsigned() % range);
  }

  /**
   * PyTorch's CPU {@code torch.randperm(n, generator=g)} for {@code n < }{@value #MAX_PERMUTATION} (its small-n path,
   * {@code n < UINT32_MAX / 20}): the identity, then for {@code i = 0 .. n-2} a swap of entries {@code i} and
   * {@code i + draw % (n - i)}.
   *
   * @throws IllegalArgumentException if {@code n} is not in {@code [0, MAX_PERMUTATION)}
   */
  public int[] permutation(int n) {
    if (n < 0 || n >= MAX_PERMUTATION) {
      throw new IllegalArgumentException("n must be in [0, " + MAX_PERMUTATION + "), got " + n);
    }
    int[] values = new int[n];
    for (int i = 0; i < n; i++) {
      values[i] = i;
    }
    for (int i = 0; i < n - 1; i++) {
      int z = i + nextBelow(n - i);
      int saved = values[i];
      values[i] = values[z];
      values[z] = saved;
    }
    return values;
  }

  private void twist() {
    for (int i = 0; i < N; i++) {
      int y = (state[i] & UPPER) | (state[(i + 1) % N] & LOWER);
      state[i] = state[(i + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
    }
    next = 0;
  }
}
