package org.gfn4j.envs.hypergrid;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.random.RandomGenerator;
import org.gfn4j.api.env.AbstractDiscreteEnvironment;
import org.gfn4j.api.env.Conditions;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Enumerable;
import org.gfn4j.api.param.Parameters;

/**
 * The HyperGrid environment of Bengio et al., "Flow Network based Generative Models for Non-Iterative Diverse
 * Candidate Generation" (NeurIPS 2021), with one of torchgfn's reward families (parameter {@code reward}).
 *
 * <p>A state is a point of {@code {0..H-1}^D}, the initial state is the origin. Forward action {@code d < D}
 * adds 1 to coordinate {@code d} (masked when it is {@code H-1}); action {@code D} exits and is allowed in every
 * state, so every state is terminal. Backward action {@code d} subtracts 1 (masked when the coordinate is 0).
 * With {@code ax_d = |s_d / (H-1) - 0.5|}, the default "original" reward is
 * {@code R = R0 + R1 * prod_d [ax_d > 0.25] + R2 * prod_d [0.3 < ax_d < 0.4]}, each comparison moved inwards by
 * 1e-12 as torchgfn does, computed in double precision. The other families ({@code cosine}, {@code sparse},
 * {@code deceptive}, {@code uniform_random}, and the tiered {@code bitwise_xor}, {@code multiplicative_coprime},
 * {@code conditional_multiscale} and {@code corrupted}) are described by {@link HyperGridProvider}'s parameters and
 * by their classes in this package; each supplies the log-reward, its log Z in closed form where one exists, and
 * torchgfn's mode threshold.
 *
 * <p>Enumeration: {@link #stateCount}, {@link #allStates} and {@link #indexOf} throw
 * {@link IllegalStateException} when the grid has more than {@value #MAX_ENUMERABLE_STATES} states (see
 * {@link #isEnumerable}); the environment itself works at any size, and {@link #closedFormLogPartition}, where the
 * family has one, needs no enumeration, so it is available for every grid.
 *
 * <p>Instances are immutable and thread-safe. Create them with {@link HyperGridProvider} or {@link #of}:
 *
 * <pre>{@code
 * HyperGrid grid = HyperGrid.of(Map.of("ndim", "4", "height", "8"));
 * DiscreteStates s0 = grid.initialStates(16);
 * }</pre>
 */
public final class HyperGrid extends AbstractDiscreteEnvironment implements Enumerable {
  /** The most states {@link #stateCount}, {@link #allStates} and {@link #indexOf} accept. */
  public static final int MAX_ENUMERABLE_STATES = 10_000_000;

  /** The most states for which the one-hot encoding (one feature per state) is accepted. */
  public static final int MAX_ONEHOT_STATES = 100_000;

  /** How states are turned into features. */
  private enum Encoding {
    KHOT, ONEHOT, IDENTITY
  }

  private final boolean conditional;
  private final int ndim;
  private final int height;
  private final double r0;
  private final double r1;
  private final double r2;
  private final RewardFamily family;
  private final GridReward reward;
  private final Encoding encoding;
  private final int encodingDim;
  /** H^D, or {@code Long.MAX_VALUE} when that overflows. */
  private final long cellCount;

  HyperGrid(Parameters parameters) {
    this(parameters, false);
  }

  /** The grid, conditional ({@value ConditionalHyperGridProvider#NAME}) or not. */
  HyperGrid(Parameters parameters, boolean conditional) {
    super(conditional ? ConditionalHyperGridProvider.NAME : HyperGridProvider.NAME, parameters,
        parameters.getInt(HyperGridProvider.NDIM), parameters.getInt(HyperGridProvider.NDIM) + 1);
    this.conditional = conditional;
    this.ndim = parameters.getInt(HyperGridProvider.NDIM);
    this.height = parameters.getInt(HyperGridProvider.HEIGHT);
    this.r0 = parameters.getDouble(HyperGridProvider.R0);
    this.r1 = parameters.getDouble(HyperGridProvider.R1);
    this.r2 = parameters.getDouble(HyperGridProvider.R2);
    this.family = RewardFamily.of(parameters);
    this.reward = family.create(parameters, HyperGridProvider.PARAMETERS, ndim, height);
    this.encoding = Encoding.valueOf(parameters.getString(HyperGridProvider.ENCODING).toUpperCase(Locale.ROOT));
    this.cellCount = power(height, ndim);
    this.encodingDim = switch (encoding) {
      case KHOT -> ndim * height;
      case ONEHOT -> onehotDim();
      case IDENTITY -> ndim;
    };
  }

  /**
   * A HyperGrid from raw {@code key=value} settings (those of {@link HyperGridProvider}; absent keys take their
   * defaults).
   *
   * @throws IllegalArgumentException for an unknown key, a malformed or out-of-range value, or an invalid
   *     combination
   */
  public static HyperGrid of(Map<String, String> settings) {
    HyperGridProvider provider = new HyperGridProvider();
    return provider.create(Parameters.parse(HyperGridProvider.OWNER, provider.parameters(), settings));
  }

  /** Number of dimensions {@code D}. */
  public int ndim() {
    return ndim;
  }

  /** Side length {@code H}. */
  public int height() {
    return height;
  }

  /** The reward family, the value of the {@code reward} parameter ({@code "original"}, {@code "cosine"}, ...). */
  public String reward() {
    return family.key();
  }

  /** The parameter {@code r0}: the base reward {@code R0} every state receives (not read by {@code sparse}). */
  public double r0() {
    return r0;
  }

  /**
   * The parameter {@code r1}: for the original reward, {@code R1} added where every coordinate lies in the outer
   * region {@code ax > 0.25}.
   */
  public double r1() {
    return r1;
  }

  /**
   * The parameter {@code r2}: for the original reward, {@code R2} added where every coordinate lies in the band
   * {@code 0.3 < ax < 0.4}.
   */
  public double r2() {
    return r2;
  }

  /** Whether the grid has at most {@value #MAX_ENUMERABLE_STATES} states, so the enumeration methods work. */
  public boolean isEnumerable() {
    return cellCount <= MAX_ENUMERABLE_STATES;
  }

  @Override
  public int encodingDim() {
    return encodingDim;
  }

  /** 1 for the conditional grid (the condition c in [0, 1]), 0 otherwise. */
  @Override
  public int conditionDim() {
    return conditional ? 1 : 0;
  }

  /** For the conditional grid, c uniform in [0, 1] per trajectory (torchgfn's {@code sample_conditions}). */
  @Override
  public Conditions sampleConditions(int n, RandomGenerator random) {
    if (!conditional) {
      return Conditions.none(n);
    }
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = random.nextDouble();
    }
    return Conditions.of(n, 1, values);
  }

  @Override
  public String encoding() {
    return encoding.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Points drawn uniformly from all {@code H^D} points of the grid (every state is terminal), each coordinate by
   * {@code random.nextInt(H)}, row by row; empty for the conditional grid, whose rewards need a condition.
   */
  @Override
  public Optional<DiscreteStates> sampleTerminalStates(int n, RandomGenerator random) {
    if (conditional) {
      if (n < 0) {
        throw new IllegalArgumentException("environment '" + name() + "': cannot draw " + n + " terminal states");
      }
      return Optional.empty();
    }
    return Optional.of(uniformStates(n, height, random));
  }

  // ---- per-state rules, on plain arrays --------------------------------------------------------------------

  @Override
  protected void initialState(int[] values, int offset) {
    Arrays.fill(values, offset, offset + ndim, 0);
  }

  @Override
  protected void forwardMask(int[] values, int offset, boolean[] out, int outOffset) {
    for (int d = 0; d < ndim; d++) {
      int v = values[offset + d];
      if (v < 0 || v >= height) {
        throw outOfGrid(Arrays.copyOfRange(values, offset, offset + ndim), d);
      }
      out[outOffset + d] = v < height - 1;
    }
    out[outOffset + ndim] = true;
  }

  @Override
  protected void backwardMask(int[] values, int offset, boolean[] out, int outOffset) {
    for (int d = 0; d < ndim; d++) {
      int v = values[offset + d];
      if (v < 0 || v >= height) {
        throw outOfGrid(Arrays.copyOfRange(values, offset, offset + ndim), d);
      }
      out[outOffset + d] = v > 0;
    }
  }

  @Override
  protected void applyForward(int[] values, int offset, int action) {
    values[offset + action]++;
  }

  @Override
  protected void applyBackward(int[] values, int offset, int action) {
    values[offset + action]--;
  }

  // ---- rewards and features --------------------------------------------------------------------------------

  /** The log of the family's reward of each state; {@code -inf} where the reward is 0. */
  @Override
  public double[] logReward(DiscreteStates terminalStates) {
    checkOwn(terminalStates);
    double[] out = new double[terminalStates.size()];
    Conditions conditions = conditional ? terminalStates.conditions().require(name(), 1) : null;
    for (int row = 0; row < out.length; row++) {
      checkInGrid(terminalStates, row);
      out[row] = reward.logReward(terminalStates, row);
      if (conditional) {
        out[row] = conditionedLogReward(out[row], conditions.get(row, 0), terminalStates, row);
      }
    }
    return out;
  }

  /**
   * Writes the features of each state into {@code out[0 .. rows * encodingDim())}, overwriting that whole region
   * (entries beyond it are left alone).
   */
  @Override
  public void encode(DiscreteStates states, float[] out) {
    checkOwn(states);
    int rows = states.size();
    if (out.length < (long) rows * encodingDim) {
      throw new IllegalArgumentException("environment '" + name() + "': encoding " + rows + " states needs "
          + (long) rows * encodingDim + " floats (" + encoding() + ", " + encodingDim + " per state), got "
          + out.length);
    }
    for (int row = 0; row < rows; row++) {
      int base = row * encodingDim;
      switch (encoding) {
        case KHOT -> encodeKhot(states, row, out, base);
        case ONEHOT -> encodeOnehot(states, row, out, base);
        case IDENTITY -> encodeIdentity(states, row, out, base);
      }
    }
  }

  private void encodeKhot(DiscreteStates states, int row, float[] out, int base) {
    Arrays.fill(out, base, base + encodingDim, 0f);
    for (int d = 0; d < ndim; d++) {
      out[base + d * height + coordinate(states, row, d)] = 1f;
    }
  }

  private void encodeOnehot(DiscreteStates states, int row, float[] out, int base) {
    Arrays.fill(out, base, base + encodingDim, 0f);
    out[base + (int) index(states, row)] = 1f;
  }

  private void encodeIdentity(DiscreteStates states, int row, float[] out, int base) {
    for (int d = 0; d < ndim; d++) {
      out[base + d] = coordinate(states, row, d);
    }
  }

  // ---- enumeration -----------------------------------------------------------------------------------------

  /**
   * {@code H^D}.
   *
   * @throws IllegalStateException if that exceeds {@value #MAX_ENUMERABLE_STATES}
   */
  @Override
  public int stateCount() {
    requireEnumerable("stateCount");
    return (int) cellCount;
  }

  /**
   * Every state in canonical-index order (the last coordinate varies fastest); {@code stateCount() * ndim()}
   * ints are allocated.
   *
   * @throws IllegalStateException if the grid has more than {@value #MAX_ENUMERABLE_STATES} states
   */
  @Override
  public DiscreteStates allStates() {
    requireEnumerable("allStates");
    int count = (int) cellCount;
    int[] values = new int[count * ndim];
    int[] digits = new int[ndim];
    for (int i = 0; i < count; i++) {
      System.arraycopy(digits, 0, values, i * ndim, ndim);
      for (int d = ndim - 1; d >= 0 && ++digits[d] == height; d--) {
        digits[d] = 0;
      }
    }
    return states(count, values);
  }

  /**
   * The canonical index {@code sum_j s_j * H^(D-1-j)}.
   *
   * @throws IllegalStateException if the grid has more than {@value #MAX_ENUMERABLE_STATES} states
   */
  @Override
  public int indexOf(DiscreteStates states, int row) {
    requireEnumerable("indexOf");
    checkOwn(states);
    return (int) index(states, row);
  }

  /**
   * The family's closed-form log Z, computed in log space, so it is available for grids of any size: for the
   * original reward {@code log(R0 * H^D + R1 * o^D + R2 * b^D)}, where {@code o} and {@code b} count the coordinate
   * values in the outer region and in the band. Empty for {@code uniform_random} and {@code corrupted}, which are
   * hashed, for {@code multiplicative_coprime}, for {@code bitwise_xor} when H is not a power of 2, for
   * {@code conditional_multiscale} with a modulus that does not divide the base, and for the conditional grid, whose
   * log Z depends on c.
   */
  @Override
  public OptionalDouble closedFormLogPartition() {
    return conditional ? OptionalDouble.empty() : reward.closedFormLogPartition();
  }

  /**
   * torchgfn's mode threshold of the family: for the original reward the highest reward, {@code R0 + R1 + R2} (at
   * every condition of the conditional grid).
   */
  @Override
  public OptionalDouble modeLogRewardThreshold() {
    return OptionalDouble.of(reward.modeLogRewardThreshold());
  }

  /**
   * The conditional grid's log Z at condition {@code c}: {@code log((1 - c) (R0 + R1 + R2) H^D + c Z)}, with Z the
   * original reward's partition function.
   */
  public double logPartition(double c) {
    double uniform = (r0() + r1() + r2()) * (double) cellCount;
    return Math.log((1 - c) * uniform + c * Math.exp(reward.closedFormLogPartition().getAsDouble()));
  }

  /**
   * torchgfn's {@code ConditionalHyperGrid} reward {@code (1 - c) (R0 + R1 + R2) + c R(s)}: uniform at c = 0,
   * the original reward at c = 1.
   */
  private double conditionedLogReward(double logReward, double c, DiscreteStates states, int row) {
    if (!(c >= 0 && c <= 1)) {
      throw new IllegalArgumentException("environment '" + name() + "': condition " + c + " of state "
          + states.format(row) + " (row " + row + ") is outside [0, 1]");
    }
    return Math.log((1 - c) * (r0() + r1() + r2()) + c * Math.exp(logReward));
  }

  @Override
  public String toString() {
    return (conditional ? "ConditionalHyperGrid" : "HyperGrid") + "[ndim=" + ndim + ", height=" + height + ", "
        + reward.describe() + ", encoding=" + encoding() + "]";
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  private long index(DiscreteStates states, int row) {
    long index = 0;
    for (int d = 0; d < ndim; d++) {
      index = index * height + coordinate(states, row, d);
    }
    return index;
  }

  private void checkInGrid(DiscreteStates states, int row) {
    for (int d = 0; d < ndim; d++) {
      coordinate(states, row, d);
    }
  }

  private int coordinate(DiscreteStates states, int row, int d) {
    int v = states.get(row, d);
    if (v < 0 || v >= height) {
      throw outOfGrid(states.row(row), d);
    }
    return v;
  }

  private IllegalArgumentException outOfGrid(int[] state, int d) {
    return new IllegalArgumentException("state " + Arrays.toString(state) + " is outside environment '" + name()
        + "': coordinate " + d + " must be in [0, " + (height - 1) + "]");
  }

  private void checkOwn(DiscreteStates states) {
    if (states.environment() != this) {
      throw new IllegalArgumentException(
          "states of environment '" + states.environment().name() + "' passed to " + this);
    }
  }

  private void requireEnumerable(String method) {
    if (!isEnumerable()) {
      throw new IllegalStateException("environment '" + name() + "': " + method + " needs at most "
          + MAX_ENUMERABLE_STATES + " states, but height^ndim = " + height + "^" + ndim + " is "
          + (cellCount == Long.MAX_VALUE ? "beyond 2^63" : Long.toString(cellCount)));
    }
  }

  private int onehotDim() {
    if (cellCount > MAX_ONEHOT_STATES) {
      throw new IllegalArgumentException(HyperGridProvider.OWNER + ": encoding=onehot needs one feature per state,"
          + " but height^ndim = " + height + "^" + ndim + " exceeds " + MAX_ONEHOT_STATES
          + "; use encoding=khot or encoding=identity");
    }
    return (int) cellCount;
  }

  private static long power(int base, int exponent) {
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
