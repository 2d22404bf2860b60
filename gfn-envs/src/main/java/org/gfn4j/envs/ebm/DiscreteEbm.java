package org.gfn4j.envs.ebm;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.OptionalDouble;
import org.gfn4j.api.env.AbstractDiscreteEnvironment;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Enumerable;
import org.gfn4j.api.math.LogSumExp;
import org.gfn4j.api.param.Parameters;

/**
 * torchgfn's {@code DiscreteEBM} (Zhang et al., "Generative Flow Networks for Discrete Probabilistic Modeling",
 * ICML 2022): a GFlowNet builds a point of {@code {0, 1}^D} one coordinate at a time, rewarded by an Ising energy.
 *
 * <p>A state is a vector of {@code {-1, 0, 1}^D}, -1 meaning "not set yet"; the initial state is all -1. Forward
 * action {@code i < D} sets coordinate {@code i} to 0 and action {@code D + i} sets it to 1, both allowed only while
 * it is -1; the exit, action {@code 2D}, is allowed only in a complete state (no -1), where it is the only one.
 * Backward action {@code i} (or {@code D + i}) resets coordinate {@code i} to -1 and is allowed when it is 0 (or 1).
 * A complete state {@code s} has {@code log R(s) = -alpha E(2s - 1)}, with the {@link IsingEnergy}
 * {@code E(x) = -x^T J x}; an incomplete state has no reward ({@link #logReward} refuses it).
 *
 * <p>Features: the state itself as floats ({@code "identity"}, D per state), torchgfn's {@code IdentityPreprocessor},
 * which its {@code train_discreteebm.py} and {@code train_ising.py} use.
 *
 * <p>Enumeration: the {@code 3^D} states in torchgfn's order (base 3 of {@code s + 1}, the first coordinate most
 * significant), of which the {@code 2^D} complete ones are terminal. {@link #stateCount}, {@link #allStates} and
 * {@link #indexOf} throw {@link IllegalStateException} beyond {@value #MAX_ENUMERABLE_NDIM} coordinates (the
 * environment itself works at any size, and run factories then skip exact evaluation). Instances are immutable and
 * thread-safe; create them with {@link DiscreteEbmProvider} or {@link IsingProvider}.
 */
public final class DiscreteEbm extends AbstractDiscreteEnvironment implements Enumerable {
  /** The most coordinates for which the states are enumerated: {@code 3^13 = 1,594,323} states. */
  public static final int MAX_ENUMERABLE_NDIM = 13;

  /** The most coordinates for which {@link #terminalStates} and {@link #logPartition} enumerate complete states. */
  public static final int MAX_TERMINAL_NDIM = 20;

  private static final int UNSET = -1;

  private final int ndim;
  private final IsingEnergy energy;
  private final double alpha;

  /**
   * @param name provider name
   * @param parameters the validated parameters
   * @param energy the energy, of {@code D} spins
   * @param alpha the inverse temperature: {@code log R = -alpha E}
   */
  DiscreteEbm(String name, Parameters parameters, IsingEnergy energy, double alpha) {
    super(name, parameters, requireNonNull(energy, "energy is null").dim(), 2 * energy.dim() + 1);
    if (!Double.isFinite(alpha)) {
      throw new IllegalArgumentException(parameters.owner() + ": alpha=" + alpha + " is not finite");
    }
    this.ndim = energy.dim();
    this.energy = energy;
    this.alpha = alpha;
  }

  /** Number of coordinates D. */
  public int ndim() {
    return ndim;
  }

  /** The inverse temperature alpha. */
  public double alpha() {
    return alpha;
  }

  /** The energy function. */
  public IsingEnergy energy() {
    return energy;
  }

  /** Whether {@link #stateCount}, {@link #allStates} and {@link #indexOf} work: {@code D <= 13}. */
  public boolean isEnumerable() {
    return ndim <= MAX_ENUMERABLE_NDIM;
  }

  @Override
  public int encodingDim() {
    return ndim;
  }

  @Override
  public String encoding() {
    return "identity";
  }

  // ---- per-state rules, on plain arrays --------------------------------------------------------------------

  @Override
  protected void initialState(int[] values, int offset) {
    Arrays.fill(values, offset, offset + ndim, UNSET);
  }

  @Override
  protected void forwardMask(int[] values, int offset, boolean[] out, int outOffset) {
    boolean complete = true;
    for (int d = 0; d < ndim; d++) {
      boolean unset = checked(values, offset, d) == UNSET;
      out[outOffset + d] = unset;
      out[outOffset + ndim + d] = unset;
      complete &= !unset;
    }
    out[outOffset + 2 * ndim] = complete;
  }

  @Override
  protected void backwardMask(int[] values, int offset, boolean[] out, int outOffset) {
    for (int d = 0; d < ndim; d++) {
      int v = checked(values, offset, d);
      out[outOffset + d] = v == 0;
      out[outOffset + ndim + d] = v == 1;
    }
  }

  @Override
  protected void applyForward(int[] values, int offset, int action) {
    values[offset + action % ndim] = action < ndim ? 0 : 1;
  }

  @Override
  protected void applyBackward(int[] values, int offset, int action) {
    values[offset + action % ndim] = UNSET;
  }

  // ---- rewards and features --------------------------------------------------------------------------------

  /**
   * {@code -alpha E(2s - 1)} of each complete state.
   *
   * @throws IllegalArgumentException naming the row and the state if a state is incomplete or has a value outside
   *     {@code {-1, 0, 1}}
   */
  @Override
  public double[] logReward(DiscreteStates terminalStates) {
    checkOwn(terminalStates);
    double[] out = new double[terminalStates.size()];
    int[] spins = new int[ndim];
    for (int row = 0; row < out.length; row++) {
      for (int d = 0; d < ndim; d++) {
        int v = coordinate(terminalStates, row, d);
        if (v == UNSET) {
          throw new IllegalArgumentException("state " + terminalStates.format(row) + " (row " + row + " of "
              + out.length + ") of environment '" + name() + "' is not complete: coordinate " + d + " is -1, and"
              + " only complete states (values 0 and 1) have a reward");
        }
        spins[d] = 2 * v - 1;
      }
      out[row] = -alpha * energy.energy(spins, 0);
    }
    return out;
  }

  /**
   * Writes each state's values as floats into {@code out[0 .. rows * D)}.
   *
   * @throws IllegalArgumentException if {@code out} is too short or a value is outside {@code {-1, 0, 1}}
   */
  @Override
  public void encode(DiscreteStates states, float[] out) {
    checkOwn(states);
    int rows = states.size();
    if (out.length < (long) rows * ndim) {
      throw new IllegalArgumentException("environment '" + name() + "': encoding " + rows + " states needs "
          + (long) rows * ndim + " floats (identity, " + ndim + " per state), got " + out.length);
    }
    for (int row = 0; row < rows; row++) {
      for (int d = 0; d < ndim; d++) {
        out[row * ndim + d] = coordinate(states, row, d);
      }
    }
  }

  // ---- enumeration -----------------------------------------------------------------------------------------

  /**
   * {@code 3^D}.
   *
   * @throws IllegalStateException if {@code D > 13}
   */
  @Override
  public int stateCount() {
    requireEnumerable("stateCount");
    return power(3, ndim);
  }

  /**
   * Every state in canonical-index order (the last coordinate varies fastest), as torchgfn's {@code all_states}.
   *
   * @throws IllegalStateException if {@code D > 13}
   */
  @Override
  public DiscreteStates allStates() {
    int count = stateCount();
    int[] values = new int[count * ndim];
    int[] digits = new int[ndim];
    Arrays.fill(digits, UNSET);
    for (int i = 0; i < count; i++) {
      System.arraycopy(digits, 0, values, i * ndim, ndim);
      for (int d = ndim - 1; d >= 0 && ++digits[d] == 2; d--) {
        digits[d] = UNSET;
      }
    }
    return states(count, values);
  }

  /**
   * torchgfn's {@code get_states_indices}: {@code sum_j (s_j + 1) 3^(D-1-j)}.
   *
   * @throws IllegalStateException if {@code D > 13}
   */
  @Override
  public int indexOf(DiscreteStates states, int row) {
    requireEnumerable("indexOf");
    checkOwn(states);
    int index = 0;
    for (int d = 0; d < ndim; d++) {
      index = index * 3 + coordinate(states, row, d) + 1;
    }
    return index;
  }

  /**
   * For uniform couplings {@code J = c 11^T} (the default of "discrete-ebm"):
   * {@code log sum_k C(D, k) exp(alpha c (2k - D)^2)}, available at any D; empty otherwise.
   */
  @Override
  public OptionalDouble closedFormLogPartition() {
    return energy.isUniform() ? OptionalDouble.of(energy.uniformLogPartition(alpha)) : OptionalDouble.empty();
  }

  /**
   * The complete states, {@code 2^D} of them, in torchgfn's {@code terminating_states} order (base 2, the first
   * coordinate most significant).
   *
   * @throws IllegalStateException if {@code D > 20}
   */
  public DiscreteStates terminalStates() {
    if (ndim > MAX_TERMINAL_NDIM) {
      throw new IllegalStateException("environment '" + name() + "': listing its 2^" + ndim + " complete states"
          + " needs ndim <= " + MAX_TERMINAL_NDIM);
    }
    int count = 1 << ndim;
    int[] values = new int[count * ndim];
    for (int i = 0; i < count; i++) {
      for (int d = 0; d < ndim; d++) {
        values[i * ndim + d] = (i >>> (ndim - 1 - d)) & 1;
      }
    }
    return states(count, values);
  }

  /**
   * The exact {@code log Z = log sum_s R(s)} over the complete states: in closed form for uniform couplings, else by
   * enumerating them.
   *
   * @throws IllegalStateException if the couplings are not uniform and {@code D > 20}
   */
  public double logPartition() {
    OptionalDouble closedForm = closedFormLogPartition();
    return closedForm.isPresent() ? closedForm.getAsDouble() : LogSumExp.of(logReward(terminalStates()));
  }

  /**
   * The target {@code R(s) / Z} of each complete state, in {@link #terminalStates} order (torchgfn's
   * {@code true_dist}).
   *
   * @throws IllegalStateException if {@code D > 20}
   */
  public double[] trueDistribution() {
    double[] logRewards = logReward(terminalStates());
    double logZ = LogSumExp.of(logRewards);
    return Arrays.stream(logRewards).map(logReward -> Math.exp(logReward - logZ)).toArray();
  }

  @Override
  public String toString() {
    return "DiscreteEbm[name=" + name() + ", ndim=" + ndim + ", alpha=" + alpha + ", uniformJ=" + energy.isUniform()
        + "]";
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  private int checked(int[] values, int offset, int d) {
    int v = values[offset + d];
    if (v < UNSET || v > 1) {
      throw outside(Arrays.copyOfRange(values, offset, offset + ndim), d);
    }
    return v;
  }

  private int coordinate(DiscreteStates states, int row, int d) {
    int v = states.get(row, d);
    if (v < UNSET || v > 1) {
      throw outside(states.row(row), d);
    }
    return v;
  }

  private IllegalArgumentException outside(int[] state, int d) {
    return new IllegalArgumentException("state " + Arrays.toString(state) + " is outside environment '" + name()
        + "': coordinate " + d + " must be -1 (unset), 0 or 1");
  }

  private void checkOwn(DiscreteStates states) {
    if (states.environment() != this) {
      throw new IllegalArgumentException(
          "states of environment '" + states.environment().name() + "' passed to " + this);
    }
  }

  private void requireEnumerable(String method) {
    if (!isEnumerable()) {
      throw new IllegalStateException("environment '" + name() + "': " + method + " needs ndim <= "
          + MAX_ENUMERABLE_NDIM + " (3^" + MAX_ENUMERABLE_NDIM + " states), but ndim is " + ndim);
    }
  }

  private static int power(int base, int exponent) {
    int result = 1;
    for (int i = 0; i < exponent; i++) {
      result *= base;
    }
    return result;
  }
}
