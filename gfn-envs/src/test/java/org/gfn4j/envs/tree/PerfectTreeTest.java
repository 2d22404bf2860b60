package org.gfn4j.envs.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Map;
import org.gfn4j.api.env.Actions;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Masks;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.envs.StateGraphs;
import org.gfn4j.testkit.EnvironmentConformance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PerfectTreeTest {
  private static final double TOLERANCE = 1e-12;

  private static PerfectTree tree(int depth, String reward) {
    return PerfectTree.of(Map.of("depth", Integer.toString(depth), "reward", reward));
  }

  private static DiscreteStates nodes(PerfectTree tree, int... nodes) {
    return tree.states(nodes.length, nodes.clone());
  }

  private static int[] column(DiscreteStates states) {
    return states.toArray();
  }

  // ---- shape and parameters --------------------------------------------------------------------------------

  @Test
  void defaults_areTorchgfnsDepth4_withASeededTable() {
    PerfectTree tree = new PerfectTreeProvider().create(
        Parameters.defaults(PerfectTreeProvider.OWNER, new PerfectTreeProvider().parameters()));
    assertThat(tree.name()).isEqualTo("perfect-tree");
    assertThat(tree.depth()).isEqualTo(4);
    assertThat(tree.nodeCount()).isEqualTo(31);
    assertThat(tree.leafCount()).isEqualTo(16);
    assertThat(tree.firstLeaf()).isEqualTo(15);
    assertThat(tree.actionCount()).isEqualTo(3);
    assertThat(tree.exitAction()).isEqualTo(2);
    assertThat(tree.backwardActionCount()).isEqualTo(2);
    assertThat(tree.encoding()).isEqualTo("onehot");
    assertThat(tree.encodingDim()).isEqualTo(31);
    assertThat(tree.parameters().asStrings()).containsEntry("depth", "4").containsEntry("reward", "table")
        .containsEntry("seed", "0").containsEntry("temperature", "1.0");
  }

  @ParameterizedTest(name = "depth={0}")
  @CsvSource({"0", "16", "-1"})
  void depth_outsideOneToFifteen_isRejected(String depth) {
    assertThatThrownBy(() -> PerfectTree.of(Map.of("depth", depth)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("environment 'perfect-tree': depth=" + depth + " is invalid")
        .hasMessageContaining("[1, 15]");
  }

  // ---- rewards and log Z, by hand --------------------------------------------------------------------------

  @Test
  void indexReward_depth3_isNodePlusOne_andLogZIsLog92() {
    PerfectTree tree = tree(3, "index");
    double[] logR = tree.logReward(nodes(tree, 9, 11, 7, 14)); // torchgfn's test: nodes 9 and 11 give 10 and 12
    assertThat(logR).containsExactly(new double[] {Math.log(10), Math.log(12), Math.log(8), Math.log(15)},
        within(TOLERANCE));
    assertThat(tree.closedFormLogPartition().getAsDouble()).isCloseTo(Math.log(8 + 9 + 10 + 11 + 12 + 13 + 14 + 15),
        within(TOLERANCE));
  }

  @Test
  void indexReward_depth1_hasLogZLog5() {
    assertThat(tree(1, "index").closedFormLogPartition().getAsDouble()).isCloseTo(Math.log(2 + 3), within(TOLERANCE));
  }

  @Test
  void uniformReward_depth4_hasLogZLog16() {
    PerfectTree tree = tree(4, "uniform");
    assertThat(tree.logReward(nodes(tree, 15, 30))).containsExactly(0, 0);
    assertThat(tree.closedFormLogPartition().getAsDouble()).isCloseTo(Math.log(16), within(TOLERANCE));
  }

  @Test
  void tableReward_isPinnedForSeed0_andScaledByTheTemperature() {
    // v_k = 2 u_k - 1, u_k the k-th nextDouble() of new SplittableRandom(0)
    double v0 = 0.7666216164272852;
    double v1 = -0.13694400590298006;
    PerfectTree tree = PerfectTree.of(Map.of("depth", "1"));
    assertThat(tree.logReward(nodes(tree, 1, 2))).containsExactly(new double[] {v0, v1}, within(TOLERANCE));
    assertThat(tree.closedFormLogPartition().getAsDouble())
        .isCloseTo(Math.log(Math.exp(v0) + Math.exp(v1)), within(TOLERANCE));
    PerfectTree hot = PerfectTree.of(Map.of("depth", "1", "temperature", "0.5"));
    assertThat(hot.leafLogRewards()).containsExactly(new double[] {2 * v0, 2 * v1}, within(TOLERANCE));
    PerfectTree other = PerfectTree.of(Map.of("depth", "1", "seed", "7"));
    assertThat(other.leafLogRewards()).containsExactly(new double[] {-0.22034050321745702, -0.9664234109436878},
        within(TOLERANCE));
  }

  @Test
  void tableReward_isTheSameForTheSameSeed_andInRange() {
    double[] first = PerfectTree.of(Map.of("depth", "10", "seed", "3")).leafLogRewards();
    double[] second = PerfectTree.of(Map.of("depth", "10", "seed", "3")).leafLogRewards();
    assertThat(first).hasSize(1024).containsExactly(second);
    assertThat(Arrays.stream(first).min().orElseThrow()).isGreaterThanOrEqualTo(-1.0);
    assertThat(Arrays.stream(first).max().orElseThrow()).isLessThan(1.0);
    assertThat(PerfectTree.of(Map.of("depth", "10", "seed", "4")).leafLogRewards()).isNotEqualTo(first);
  }

  @Test
  void logReward_ofAnInnerNode_isRejected() {
    PerfectTree tree = tree(3, "index");
    assertThatThrownBy(() -> tree.logReward(nodes(tree, 7, 3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("state [3] (row 1)")
        .hasMessageContaining("inner node")
        .hasMessageContaining("leaves are nodes 7..14");
  }

  // ---- masks and steps (torchgfn's test_perfect_binary_tree_fwd_step / bwd_step) ---------------------------

  @Test
  void masks_innerNodesGoLeftOrRight_leavesOnlyExit() {
    PerfectTree tree = tree(3, "index");
    DiscreteStates states = nodes(tree, 0, 1, 2, 6, 7, 14);
    Masks forward = states.forwardMasks();
    Masks backward = states.backwardMasks();
    boolean[][] expectedForward = {
        {true, true, false}, {true, true, false}, {true, true, false}, {true, true, false},
        {false, false, true}, {false, false, true}};
    boolean[][] expectedBackward = {{false, false}, {true, false}, {false, true}, {false, true}, {true, false},
        {false, true}};
    for (int row = 0; row < states.size(); row++) {
      for (int a = 0; a < 3; a++) {
        assertThat(forward.isAllowed(row, a)).as("forward %d at %s", a, states.format(row))
            .isEqualTo(expectedForward[row][a]);
      }
      for (int a = 0; a < 2; a++) {
        assertThat(backward.isAllowed(row, a)).as("backward %d at %s", a, states.format(row))
            .isEqualTo(expectedBackward[row][a]);
      }
    }
    assertThat(states.isInitial(0)).isTrue();
    assertThat(states.isInitial(1)).isFalse();
  }

  @Test
  void forwardSteps_followTorchgfnsNumbering() {
    PerfectTree tree = tree(3, "index");
    DiscreteStates states = tree.initialStates(2);
    states = tree.step(states, Actions.of(0, 1));
    assertThat(column(states)).containsExactly(1, 2);
    states = tree.step(states, Actions.of(1, 0));
    assertThat(column(states)).containsExactly(4, 5);
    states = tree.step(states, Actions.of(0, 0));
    assertThat(column(states)).containsExactly(9, 11);
    DiscreteStates leaves = states;
    assertThatThrownBy(() -> tree.step(leaves, Actions.of(2, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exit action 2 cannot be stepped")
        .hasMessageContaining("state [9]")
        .hasMessageContaining("row 0 of 2");
    assertThatThrownBy(() -> tree.step(leaves, Actions.of(0, 1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("action 0 is masked for state [9] in environment 'perfect-tree' (row 0 of 2)");
  }

  @Test
  void backwardSteps_goToTheParent() {
    PerfectTree tree = tree(3, "index");
    DiscreteStates states = nodes(tree, 8, 12);
    assertThatThrownBy(() -> tree.backwardStep(states, Actions.of(2, 2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("backward action 2 is out of range [0, 1] for state [8]");
    assertThatThrownBy(() -> tree.backwardStep(states, Actions.of(1, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("backward action 0 is masked for state [12] in environment 'perfect-tree' (row 1 of 2)");
    DiscreteStates up = tree.backwardStep(states, Actions.of(1, 1));
    assertThat(column(up)).containsExactly(3, 5);
    up = tree.backwardStep(up, Actions.of(0, 0));
    assertThat(column(up)).containsExactly(1, 2);
    up = tree.backwardStep(up, Actions.of(0, 1));
    assertThat(column(up)).containsExactly(0, 0);
    assertThat(up.isInitial(0) && up.isInitial(1)).isTrue();
  }

  @Test
  void stateOutsideTheTree_isRejected() {
    PerfectTree tree = tree(2, "index");
    assertThatThrownBy(() -> nodes(tree, 7).forwardMasks())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("state [7] is outside environment 'perfect-tree'")
        .hasMessageContaining("[0, 6]");
  }

  @Test
  void encoding_isTheOneHotOfTheNode() {
    PerfectTree tree = tree(2, "index");
    float[] out = new float[2 * 7];
    Arrays.fill(out, 9f);
    tree.encode(nodes(tree, 0, 5), out);
    assertThat(out).containsExactly(1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0);
  }

  // ---- enumeration -----------------------------------------------------------------------------------------

  @ParameterizedTest(name = "depth={0}")
  @CsvSource({"1", "3", "4", "7"})
  void enumeration_hasEveryNode_andOneTrajectoryPerLeaf(int depth) {
    PerfectTree tree = tree(depth, "table");
    assertThat(tree.stateCount()).isEqualTo((1 << (depth + 1)) - 1);
    long[] paths = StateGraphs.trajectoryCounts(tree, tree);
    DiscreteStates all = tree.allStates();
    int terminals = 0;
    for (int row = 0; row < all.size(); row++) {
      if (all.forwardMasks().isAllowed(row, tree.exitAction())) {
        terminals++;
        assertThat(paths[row]).as("trajectories to leaf %s", all.format(row)).isEqualTo(1);
      }
    }
    assertThat(terminals).isEqualTo(1 << depth);
  }

  // ---- conformance ---------------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @CsvSource({"depth=1", "depth=3;reward=index", "depth=4;reward=uniform", "depth=6;seed=11;temperature=0.25",
      "depth=9"})
  void conformanceKit_passes(String settings) {
    EnvironmentConformance.check(PerfectTree.of(StateGraphs.settings(settings)), 20_261_209L);
  }
}
