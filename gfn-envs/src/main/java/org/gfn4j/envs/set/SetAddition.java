package org.gfn4j.envs.set;

import java.util.Arrays;
import java.util.Map;
import java.util.OptionalDouble;
import org.gfn4j.api.env.AbstractDiscreteEnvironment;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Enumerable;
import org.gfn4j.api.param.Parameters;

/**
 * torchgfn's {@code SetAddition}, the append-only set MDP of Shen et al., "Towards Understanding and Improving
 * GFlowNet Training" (ICML 2023, Remark 8): a state is the membership vector of a set of {@code n} items (0/1
 * entries), starting from the empty set.
 *
 * <p>Forward action {@code i < n} adds item {@code i} (masked if it is present or the set already has
 * {@code max_items} items); action {@code n} exits. A set of {@code max_items} items allows the exit only; a smaller
 * set allows it unless {@code fixed_length}, so the terminal objects are the sets of exactly {@code max_items} items
 * with {@code fixed_length} and every set of at most {@code max_items} items (the empty one included) without.
 * Backward action {@code i} removes item {@code i} (allowed if it is present): the state graph is a DAG, and a set
 * of {@code k} items is reached by {@code k!} trajectories. The encoding is the membership vector itself
 * ({@code identity}, {@code n} features, torchgfn's recommended {@code IdentityPreprocessor}). The rewards are
 * described in {@link SetAdditionProvider}.
 *
 * <p>Enumeration covers the reachable sets (at most {@code max_items} items) in the order of {@link SetIndex};
 * {@link #stateCount}, {@link #allStates} and {@link #indexOf} throw {@link IllegalStateException} when there are
 * more than {@value #MAX_ENUMERABLE_STATES}. Instances are immutable and thread-safe:
 *
 * <pre>{@code
 * SetAddition sets = SetAddition.of(Map.of("n_items", "6", "max_items", "3"));
 * DiscreteStates empty = sets.initialStates(8);
 * }</pre>
 */
public final class SetAddition extends AbstractDiscreteEnvironment implements Enumerable {
  /** The most items accepted. */
  public static final int MAX_N_ITEMS = 64;

  /** The most reachable states {@link #stateCount}, {@link #allStates} and {@link #indexOf} accept. */
  public static final int MAX_ENUMERABLE_STATES = 1_000_000;

  private final int nItems;
  private final int maxItems;
  private final boolean fixedLength;
  private final SetRewards rewards;
  private final SetIndex index;

  SetAddition(Parameters parameters) {
    super(SetAdditionProvider.NAME, parameters, parameters.getInt(SetAdditionProvider.N_ITEMS),
        parameters.getInt(SetAdditionProvider.N_ITEMS) + 1);
    this.nItems = parameters.getInt(SetAdditionProvider.N_ITEMS);
    this.maxItems = parameters.getInt(SetAdditionProvider.MAX_ITEMS);
    if (maxItems > nItems) {
      throw new IllegalArgumentException(SetAdditionProvider.OWNER + ": max_items=" + maxItems + " exceeds n_items="
          + nItems + "; a set holds at most n_items items");
    }
    this.fixedLength = parameters.getBoolean(SetAdditionProvider.FIXED_LENGTH);
    this.rewards = SetRewards.of(SetRewards.Kind.of(parameters.getString(SetAdditionProvider.REWARD)), nItems,
        parameters.getInt(SetAdditionProvider.SEED), parameters.getDouble(SetAdditionProvider.TEMPERATURE));
    this.index = new SetIndex(nItems, maxItems);
  }

  /**
   * An environment from raw {@code key=value} settings (those of {@link SetAdditionProvider}; absent keys take
   * their defaults).
   *
   * @throws IllegalArgumentException for an unknown key, a malformed or out-of-range value, or
   *     {@code max_items > n_items}
   */
  public static SetAddition of(Map<String, String> settings) {
    SetAdditionProvider provider = new SetAdditionProvider();
    return provider.create(Parameters.parse(SetAdditionProvider.OWNER, provider.parameters(), settings));
  }

  /** Number of items {@code n}. */
  public int nItems() {
    return nItems;
  }

  /** The largest set size. */
  public int maxItems() {
    return maxItems;
  }

  /** Whether only sets of exactly {@link #maxItems()} items are terminal. */
  public boolean fixedLength() {
    return fixedLength;
  }

  /** The item values {@code v_i} drawn from the seed, item 0 first (a copy; the reward reads them for "values"). */
  public double[] itemValues() {
    return rewards.itemValues();
  }

  /** Whether there are at most {@value #MAX_ENUMERABLE_STATES} reachable states, so enumeration works. */
  public boolean isEnumerable() {
    return index.count() <= MAX_ENUMERABLE_STATES;
  }

  @Override
  public int encodingDim() {
    return nItems;
  }

  @Override
  public String encoding() {
    return "identity";
  }

  // ---- per-state rules, on plain arrays --------------------------------------------------------------------

  @Override
  protected void initialState(int[] values, int offset) {
    Arrays.fill(values, offset, offset + nItems, 0);
  }

  @Override
  protected void forwardMask(int[] values, int offset, boolean[] out, int outOffset) {
    boolean full = size(values, offset) == maxItems;
    for (int i = 0; i < nItems; i++) {
      out[outOffset + i] = !full && values[offset + i] == 0;
    }
    out[outOffset + nItems] = full || !fixedLength;
  }

  @Override
  protected void backwardMask(int[] values, int offset, boolean[] out, int outOffset) {
    size(values, offset);
    for (int i = 0; i < nItems; i++) {
      out[outOffset + i] = values[offset + i] == 1;
    }
  }

  @Override
  protected void applyForward(int[] values, int offset, int action) {
    values[offset + action] = 1;
  }

  @Override
  protected void applyBackward(int[] values, int offset, int action) {
    values[offset + action] = 0;
  }

  // ---- rewards and features --------------------------------------------------------------------------------

  /**
   * The log-reward of each set; {@code -inf} for the empty set under {@code reward=size}.
   *
   * @throws IllegalArgumentException if a set is not terminal (with {@code fixed_length}, one of fewer than
   *     {@code max_items} items)
   */
  @Override
  public double[] logReward(DiscreteStates terminalStates) {
    checkOwn(terminalStates);
    double[] out = new double[terminalStates.size()];
    int[] values = terminalStates.toArray();
    for (int row = 0; row < out.length; row++) {
      int size = size(values, row * nItems);
      if (fixedLength && size != maxItems) {
        throw new IllegalArgumentException("state " + terminalStates.format(row) + " (row " + row
            + ") of environment '" + name() + "' has " + size + " items, so it is not terminal: with fixed_length"
            + " only sets of max_items=" + maxItems + " items are");
      }
      out[row] = rewards.logReward(values, row * nItems, size);
    }
    return out;
  }

  /** Writes each membership vector as floats into {@code out[0 .. rows * nItems())}, overwriting that region. */
  @Override
  public void encode(DiscreteStates states, float[] out) {
    checkOwn(states);
    int rows = states.size();
    if (out.length < (long) rows * nItems) {
      throw new IllegalArgumentException("environment '" + name() + "': encoding " + rows + " states needs "
          + (long) rows * nItems + " floats (identity, " + nItems + " per state), got " + out.length);
    }
    int[] values = states.toArray();
    for (int i = 0; i < values.length; i++) {
      out[i] = values[i];
    }
    for (int row = 0; row < rows; row++) {
      size(values, row * nItems);
    }
  }

  // ---- enumeration -----------------------------------------------------------------------------------------

  /**
   * {@code sum_{k <= max_items} C(n_items, k)}, the reachable sets.
   *
   * @throws IllegalStateException if that exceeds {@value #MAX_ENUMERABLE_STATES}
   */
  @Override
  public int stateCount() {
    requireEnumerable("stateCount");
    return (int) index.count();
  }

  /**
   * Every reachable set, ascending as binary numbers with item 0 the most significant bit.
   *
   * @throws IllegalStateException if there are more than {@value #MAX_ENUMERABLE_STATES}
   */
  @Override
  public DiscreteStates allStates() {
    requireEnumerable("allStates");
    return states((int) index.count(), index.all());
  }

  /**
   * The set's position in {@link #allStates()}.
   *
   * @throws IllegalStateException if there are more than {@value #MAX_ENUMERABLE_STATES} reachable sets
   */
  @Override
  public int indexOf(DiscreteStates states, int row) {
    requireEnumerable("indexOf");
    checkOwn(states);
    int[] set = states.row(row);
    size(set, 0);
    return index.rank(set, 0);
  }

  /** The exact log Z over the terminal sets, by the elementary symmetric polynomials of the item weights. */
  @Override
  public OptionalDouble closedFormLogPartition() {
    return OptionalDouble.of(rewards.logPartition(fixedLength ? maxItems : 0, maxItems));
  }

  @Override
  public String toString() {
    return "SetAddition[n_items=" + nItems + ", max_items=" + maxItems + ", fixed_length=" + fixedLength
        + ", reward=" + rewards + "]";
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  /** The number of items of the set at {@code values[offset]}, after checking it is a reachable state. */
  private int size(int[] values, int offset) {
    int size = 0;
    for (int i = 0; i < nItems; i++) {
      int v = values[offset + i];
      if (v != 0 && v != 1) {
        throw outside(values, offset, "entry " + i + " is " + v + ", but membership entries are 0 or 1");
      }
      size += v;
    }
    if (size > maxItems) {
      throw outside(values, offset, "it has " + size + " items, more than max_items=" + maxItems);
    }
    return size;
  }

  private IllegalArgumentException outside(int[] values, int offset, String why) {
    return new IllegalArgumentException("state " + Arrays.toString(Arrays.copyOfRange(values, offset,
        offset + nItems)) + " is outside environment '" + name() + "': " + why);
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
          + MAX_ENUMERABLE_STATES + " reachable sets, but n_items=" + nItems + " and max_items=" + maxItems + " give "
          + (index.count() == Long.MAX_VALUE ? "more than 2^63" : Long.toString(index.count())));
    }
  }
}
