package com.example.gfn4j.tree;

import java.util.Arrays;
import java.util.OptionalDouble;
import org.gfn4j.api.env.AbstractDiscreteEnvironment;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Enumerable;
import org.gfn4j.api.param.Parameters;

/**
 * A perfect binary tree of the given depth, written as a third-party plugin would write it (it uses gfn-api only):
 * a state is a node, numbered breadth-first from the root 0 (children of {@code n} are {@code 2n+1} and
 * {@code 2n+2}); actions are 0 = left child, 1 = right child, 2 = exit, and only leaves may exit, so each leaf
 * is reached by exactly one trajectory. Leaf {@code k} (0-based, left to right) has reward
 * {@code 1 + (k mod period)}.
 */
public final class BinaryTree extends AbstractDiscreteEnvironment implements Enumerable {
  private static final int LEFT = 0;
  private static final int RIGHT = 1;
  private static final int EXIT = 2;

  private final int depth;
  private final int period;
  private final int nodes;
  private final int firstLeaf;

  BinaryTree(Parameters parameters) {
    super(BinaryTreeProvider.NAME, parameters, 1, 3);
    this.depth = parameters.getInt(BinaryTreeProvider.DEPTH);
    this.period = parameters.getInt(BinaryTreeProvider.PERIOD);
    this.nodes = (1 << (depth + 1)) - 1;
    this.firstLeaf = (1 << depth) - 1;
  }

  private boolean isLeaf(int node) {
    return node >= firstLeaf;
  }

  @Override
  protected void initialState(int[] values, int offset) {
    values[offset] = 0;
  }

  @Override
  protected void forwardMask(int[] values, int offset, boolean[] out, int outOffset) {
    boolean leaf = isLeaf(values[offset]);
    out[outOffset + LEFT] = !leaf;
    out[outOffset + RIGHT] = !leaf;
    out[outOffset + EXIT] = leaf;
  }

  @Override
  protected void backwardMask(int[] values, int offset, boolean[] out, int outOffset) {
    int node = values[offset];
    out[outOffset + LEFT] = node > 0 && node % 2 == 1;
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

  @Override
  public double[] logReward(DiscreteStates terminalStates) {
    double[] logRewards = new double[terminalStates.size()];
    for (int row = 0; row < logRewards.length; row++) {
      int node = terminalStates.get(row, 0);
      if (!isLeaf(node)) {
        throw new IllegalArgumentException("state " + terminalStates.format(row) + " (row " + row + ") of '"
            + name() + "' is not a leaf, so it has no reward; leaves are nodes " + firstLeaf + ".." + (nodes - 1));
      }
      logRewards[row] = Math.log(1 + (node - firstLeaf) % period);
    }
    return logRewards;
  }

  @Override
  public int encodingDim() {
    return nodes;
  }

  @Override
  public String encoding() {
    return "onehot";
  }

  @Override
  public void encode(DiscreteStates states, float[] out) {
    Arrays.fill(out, 0, states.size() * nodes, 0f);
    for (int row = 0; row < states.size(); row++) {
      out[row * nodes + states.get(row, 0)] = 1f;
    }
  }

  @Override
  public int stateCount() {
    return nodes;
  }

  @Override
  public DiscreteStates allStates() {
    int[] values = new int[nodes];
    for (int node = 0; node < nodes; node++) {
      values[node] = node;
    }
    return states(nodes, values);
  }

  @Override
  public int indexOf(DiscreteStates states, int row) {
    return states.get(row, 0);
  }

  @Override
  public OptionalDouble closedFormLogPartition() {
    int leaves = 1 << depth;
    double sum = 0;
    for (int k = 0; k < leaves; k++) {
      sum += 1 + k % period;
    }
    return OptionalDouble.of(Math.log(sum));
  }
}
