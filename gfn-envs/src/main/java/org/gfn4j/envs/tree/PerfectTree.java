package org.gfn4j.envs.tree;

import java.util.Arrays;
import java.util.Map;
import java.util.OptionalDouble;
import org.gfn4j.api.env.AbstractDiscreteEnvironment;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Enumerable;
import org.gfn4j.api.param.Parameters;

/**
 * torchgfn's {@code PerfectBinaryTree}: the nodes of a perfect binary tree of depth {@code d}, numbered breadth
 * first from the root 0, so node {@code n} has children {@code 2n+1} (left) and {@code 2n+2} (right) and the
 * leaves are nodes {@code 2^d - 1 .. 2^(d+1) - 2}.
 *
 * <p>A state is one integer, the node. Trajectories start at the root. Forward actions: 0 goes to the left
 * child, 1 to the right child, 2 exits; an inner node allows 0 and 1 only, a leaf allows the exit only, so the
 * terminal objects are the leaves and each is reached by exactly one trajectory. Backward action 0 goes from a
 * left child (odd node) to its parent, 1 from a right child (even node other than the root). The encoding is the
 * one-hot of the node ({@code 2^(d+1) - 1} features, torchgfn's recommended {@code OneHotPreprocessor}). The leaf
 * rewards are described in {@link PerfectTreeProvider}.
 *
 * <p>Instances are immutable and thread-safe:
 *
 * <pre>{@code
 * PerfectTree tree = PerfectTree.of(Map.of("depth", "3"));
 * DiscreteStates root = tree.initialStates(8);
 * }</pre>
 */
public final class PerfectTree extends AbstractDiscreteEnvironment implements Enumerable {
  /** The deepest tree accepted: 65,535 nodes, so that the one-hot encoding stays small. */
  public static final int MAX_DEPTH = 15;

  private static final int LEFT = 0;
  private static final int RIGHT = 1;
  private static final int EXIT = 2;

  private final int depth;
  private final int nodeCount;
  private final int firstLeaf;
  private final LeafRewards rewards;

  PerfectTree(Parameters parameters) {
    super(PerfectTreeProvider.NAME, parameters, 1, 3);
    this.depth = parameters.getInt(PerfectTreeProvider.DEPTH);
    this.nodeCount = (1 << (depth + 1)) - 1;
    this.firstLeaf = (1 << depth) - 1;
    this.rewards = LeafRewards.of(LeafRewards.Kind.of(parameters.getString(PerfectTreeProvider.REWARD)), depth,
        parameters.getInt(PerfectTreeProvider.SEED), parameters.getDouble(PerfectTreeProvider.TEMPERATURE));
  }

  /**
   * A tree from raw {@code key=value} settings (those of {@link PerfectTreeProvider}; absent keys take their
   * defaults).
   *
   * @throws IllegalArgumentException for an unknown key or a malformed or out-of-range value
   */
  public static PerfectTree of(Map<String, String> settings) {
    PerfectTreeProvider provider = new PerfectTreeProvider();
    return provider.create(Parameters.parse(PerfectTreeProvider.OWNER, provider.parameters(), settings));
  }

  /** The depth {@code d}: the root is at depth 0, the leaves at depth {@code d}. */
  public int depth() {
    return depth;
  }

  /** Number of nodes, {@code 2^(d+1) - 1}. */
  public int nodeCount() {
    return nodeCount;
  }

  /** Number of leaves (terminal objects), {@code 2^d}. */
  public int leafCount() {
    return 1 << depth;
  }

  /** The node index of the leftmost leaf, {@code 2^d - 1}. */
  public int firstLeaf() {
    return firstLeaf;
  }

  /** Whether {@code node} is a leaf. */
  public boolean isLeaf(int node) {
    return node >= firstLeaf;
  }

  /** The log-reward of every leaf, leftmost first (a copy). */
  public double[] leafLogRewards() {
    return rewards.toArray();
  }

  @Override
  public int encodingDim() {
    return nodeCount;
  }

  @Override
  public String encoding() {
    return "onehot";
  }

  // ---- per-state rules, on plain arrays --------------------------------------------------------------------

  @Override
  protected void initialState(int[] values, int offset) {
    values[offset] = 0;
  }

  @Override
  protected void forwardMask(int[] values, int offset, boolean[] out, int outOffset) {
    boolean leaf = isLeaf(checkNode(values[offset]));
    out[outOffset + LEFT] = !leaf;
    out[outOffset + RIGHT] = !leaf;
    out[outOffset + EXIT] = leaf;
  }

  @Override
  protected void backwardMask(int[] values, int offset, boolean[] out, int outOffset) {
    int node = checkNode(values[offset]);
    out[outOffset + LEFT] = node % 2 == 1;
    out[outOffset + RIGHT] = node > 0 && node % 2 == 0;
  }

  @Override
  protected void applyForward(int[] values, int offset, int action) {
    values[offset] = 2 * values[offset] + 1 + action;
  }

  @Override
  protected void applyBackward(int[] values, int offset, int action) {
    values[offset] = (values[offset] - 1 - action) / 2;
  }

  // ---- rewards and features --------------------------------------------------------------------------------

  /**
   * The log-reward of each leaf.
   *
   * @throws IllegalArgumentException if a state is not a leaf (only leaves are terminal objects)
   */
  @Override
  public double[] logReward(DiscreteStates terminalStates) {
    checkOwn(terminalStates);
    double[] out = new double[terminalStates.size()];
    for (int row = 0; row < out.length; row++) {
      int node = checkNode(terminalStates.get(row, 0));
      if (!isLeaf(node)) {
        throw new IllegalArgumentException("state " + terminalStates.format(row) + " (row " + row + ") of environment '"
            + name() + "' is an inner node, not a terminal object; the leaves are nodes " + firstLeaf + ".."
            + (nodeCount - 1));
      }
      out[row] = rewards.logReward(node - firstLeaf);
    }
    return out;
  }

  /** Writes the one-hot of each node into {@code out[0 .. rows * nodeCount())}, overwriting that region. */
  @Override
  public void encode(DiscreteStates states, float[] out) {
    checkOwn(states);
    int rows = states.size();
    if (out.length < (long) rows * nodeCount) {
      throw new IllegalArgumentException("environment '" + name() + "': encoding " + rows + " states needs "
          + (long) rows * nodeCount + " floats (onehot, " + nodeCount + " per state), got " + out.length);
    }
    Arrays.fill(out, 0, rows * nodeCount, 0f);
    for (int row = 0; row < rows; row++) {
      out[row * nodeCount + checkNode(states.get(row, 0))] = 1f;
    }
  }

  // ---- enumeration -----------------------------------------------------------------------------------------

  /** {@code 2^(d+1) - 1}: every node is a state. */
  @Override
  public int stateCount() {
    return nodeCount;
  }

  /** Every node, row {@code n} holding node {@code n}. */
  @Override
  public DiscreteStates allStates() {
    int[] values = new int[nodeCount];
    Arrays.setAll(values, node -> node);
    return states(nodeCount, values);
  }

  /** The node itself. */
  @Override
  public int indexOf(DiscreteStates states, int row) {
    checkOwn(states);
    return checkNode(states.get(row, 0));
  }

  /** {@code log sum_leaves R}, exact (see {@link PerfectTreeProvider} for each reward). */
  @Override
  public OptionalDouble closedFormLogPartition() {
    return OptionalDouble.of(rewards.logPartition());
  }

  @Override
  public String toString() {
    return "PerfectTree[depth=" + depth + ", reward=" + rewards + "]";
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  private int checkNode(int node) {
    if (node < 0 || node >= nodeCount) {
      throw new IllegalArgumentException("state [" + node + "] is outside environment '" + name()
          + "': a node must be in [0, " + (nodeCount - 1) + "] at depth " + depth);
    }
    return node;
  }

  private void checkOwn(DiscreteStates states) {
    if (states.environment() != this) {
      throw new IllegalArgumentException(
          "states of environment '" + states.environment().name() + "' passed to " + this);
    }
  }
}
