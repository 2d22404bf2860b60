package org.gfn4j.envs.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.gfn4j.api.env.Actions;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Masks;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.envs.StateGraphs;
import org.gfn4j.testkit.EnumerableConformance;
import org.gfn4j.testkit.EnvironmentConformance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DagStructureTest {
  private static DagStructure dags(String settings) {
    return DagStructure.of(StateGraphs.settings(settings));
  }

  private static DiscreteStates states(DagStructure env, int[]... rows) {
    return env.states(rows.length, Arrays.stream(rows).flatMapToInt(Arrays::stream).toArray());
  }

  // ---- shape and parameters --------------------------------------------------------------------------------

  @Test
  void defaults_areTorchgfnsExample_fiveNodesFiveEdges100Samples() {
    DagStructureProvider provider = new DagStructureProvider();
    DagStructure env = provider.create(Parameters.defaults(DagStructureProvider.OWNER, provider.parameters()));
    assertThat(env.name()).isEqualTo("dag-structure");
    assertThat(env.parameters().asStrings()).containsEntry("num_nodes", "5").containsEntry("num_edges", "5")
        .containsEntry("edge_prob", "").containsEntry("num_samples", "100").containsEntry("seed", "0")
        .containsEntry("prior", "uniform").containsEntry("data", "");
    assertThat(env.numNodes()).isEqualTo(5);
    assertThat(env.nodeNames()).containsExactly("A", "B", "C", "D", "E");
    assertThat(env.samples()).hasNumberOfRows(100);
    assertThat(env.stateDim()).isEqualTo(25);
    assertThat(env.actionCount()).isEqualTo(26);
    assertThat(env.exitAction()).isEqualTo(25);
    assertThat(env.backwardActionCount()).isEqualTo(25);
    assertThat(env.encoding()).isEqualTo("adjacency");
    assertThat(env.encodingDim()).isEqualTo(25);
    assertThat(env.stateCount()).isEqualTo(29_281);
    assertThat(env.trueGraph()).isPresent();
  }

  @ParameterizedTest(name = "n={0}: {1} DAGs")
  @CsvSource({"1,1", "2,3", "3,25", "4,543", "5,29281"})
  void dagCounts_areOeisA003024(int n, int count) {
    assertThat(Dags.allDags(n)).hasSize(count);
    DagStructure env = dags("num_nodes=" + n + ";num_edges=" + n * (n - 1) / 2);
    assertThat(env.stateCount()).isEqualTo(count);
    assertThat(env.allStates().size()).isEqualTo(count);
  }

  @Test
  void tooManyExpectedEdges_isRejected_withTheBound() {
    assertThatThrownBy(() -> dags("num_nodes=3"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'dag-structure': num_edges=5 exceeds the 3 edges a DAG over num_nodes=3 nodes can"
            + " have; give num_edges <= 3 or edge_prob");
  }

  @Test
  void badEdgeProbability_andPriorThatDoesNotFit_areRejected() {
    assertThatThrownBy(() -> dags("num_nodes=3;edge_prob=1.5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'dag-structure': edge_prob=1.5 is invalid; expected a number in [0, 1] or nothing");
    assertThatThrownBy(() -> dags("num_nodes=3;edge_prob=abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("edge_prob=abc is invalid");
    assertThatThrownBy(() -> dags("num_nodes=3;num_edges=2;prior=erdos_renyi"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("environment 'dag-structure': prior erdos_renyi needs at least 4 nodes, got 3");
    assertThatThrownBy(() -> dags("num_nodes=21"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("num_nodes=21 is invalid; expected an integer in [1, 20]");
  }

  // ---- masks and steps -------------------------------------------------------------------------------------

  @Test
  void forwardMask_masksSelfLoops_existingEdges_andEdgesClosingACycle() {
    DagStructure env = dags("num_nodes=3;num_edges=1");
    // 0 -> 1 -> 2: adding 2 -> 0 or 1 -> 0 or 2 -> 1 closes a cycle; 0 -> 2 is allowed.
    DiscreteStates chain = states(env, new int[] {0, 1, 0, 0, 0, 1, 0, 0, 0});
    Masks masks = chain.forwardMasks();
    boolean[] allowed = new boolean[10];
    for (int a = 0; a < 10; a++) {
      allowed[a] = masks.isAllowed(0, a);
    }
    assertThat(allowed).containsExactly(false, false, true, false, false, false, false, false, false, true);
    assertThat(env.edgeAction(0, 2)).isEqualTo(2);
    assertThatThrownBy(() -> env.step(chain, Actions.of(env.edgeAction(2, 0))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("action 6 is masked for state [0, 1, 0, 0, 0, 1, 0, 0, 0] in environment 'dag-structure'"
            + " (row 0 of 1)");
    assertThatThrownBy(() -> env.step(chain, Actions.of(9)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("exit action 9 cannot be stepped");
    DiscreteStates full = env.step(chain, Actions.of(2));
    assertThat(full.toArray()).containsExactly(0, 1, 1, 0, 0, 1, 0, 0, 0);
    assertThat(full.forwardMasks().countAllowed(0)).isEqualTo(1); // the exit only: a complete DAG
  }

  @Test
  void exit_isAllowedEverywhere_andEveryDagIsTerminal() {
    DagStructure env = dags("num_nodes=3;num_edges=1");
    DiscreteStates all = env.allStates();
    for (int row = 0; row < all.size(); row++) {
      assertThat(all.forwardMasks().isAllowed(row, env.exitAction())).isTrue();
    }
  }

  @Test
  void backwardSteps_removeEdges_backToTheEmptyGraph() {
    DagStructure env = dags("num_nodes=3;num_edges=1");
    DiscreteStates s = states(env, new int[] {0, 1, 1, 0, 0, 0, 0, 1, 0});
    Masks backward = s.backwardMasks();
    assertThat(backward.width()).isEqualTo(9);
    assertThat(backward.countAllowed(0)).isEqualTo(3);
    assertThatThrownBy(() -> env.backwardStep(s, Actions.of(env.edgeAction(1, 2))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("backward action 5 is masked for state [0, 1, 1, 0, 0, 0, 0, 1, 0] in environment"
            + " 'dag-structure' (row 0 of 1)");
    DiscreteStates back = env.backwardStep(s, Actions.of(env.edgeAction(2, 1)));
    assertThat(back.toArray()).containsExactly(0, 1, 1, 0, 0, 0, 0, 0, 0);
    back = env.backwardStep(env.backwardStep(back, Actions.of(1)), Actions.of(2));
    assertThat(back.toArray()).containsOnly(0);
    assertThat(back.isInitial(0)).isTrue();
  }

  @Test
  void statesThatAreNotDags_areRejected() {
    DagStructure env = dags("num_nodes=3;num_edges=1");
    assertThatThrownBy(() -> states(env, new int[] {0, 1, 0, 0, 0, 1, 1, 0, 0}).forwardMasks())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("state [0, 1, 0, 0, 0, 1, 1, 0, 0] is outside environment 'dag-structure': it has a cycle"
            + " through node 0, so it is not a DAG");
    assertThatThrownBy(() -> env.logReward(states(env, new int[] {0, 0, 0, 0, 1, 0, 0, 0, 0})))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("entry 4 is a self loop at node 1");
    assertThatThrownBy(() -> states(env, new int[] {0, 2, 0, 0, 0, 0, 0, 0, 0}).backwardMasks())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("entry 1 (edge 0 -> 1) is 2, but adjacency entries are 0 or 1");
  }

  @Test
  void encoding_isTheAdjacencyEntries() {
    DagStructure env = dags("num_nodes=2;num_edges=1");
    float[] out = new float[8];
    Arrays.fill(out, 5f);
    env.encode(states(env, new int[] {0, 1, 0, 0}, new int[] {0, 0, 1, 0}), out);
    assertThat(out).containsExactly(0, 1, 0, 0, 0, 0, 1, 0);
  }

  // ---- enumeration -----------------------------------------------------------------------------------------

  @Test
  void index_isAscendingByBitNumber_emptyGraphFirst() {
    DagStructure env = dags("num_nodes=3;num_edges=1");
    DiscreteStates all = env.allStates();
    assertThat(all.row(0)).containsOnly(0);
    long previous = -1;
    for (int row = 0; row < all.size(); row++) {
      long number = 0;
      for (int e = 0; e < 9; e++) {
        number |= (long) all.get(row, e) << e;
      }
      assertThat(number).isGreaterThan(previous);
      previous = number;
      assertThat(env.indexOf(all, row)).isEqualTo(row);
    }
  }

  @ParameterizedTest(name = "n={0}")
  @ValueSource(ints = {3, 4})
  void aDagOfKEdges_isReachedByKFactorialTrajectories(int n) {
    // Every subset of a DAG's edges is a DAG, so its k edges can be added in any of k! orders.
    DagStructure env = dags("num_nodes=" + n + ";num_edges=1");
    long[] paths = StateGraphs.trajectoryCounts(env, env);
    DiscreteStates all = env.allStates();
    for (int row = 0; row < all.size(); row++) {
      int edges = Arrays.stream(all.row(row)).sum();
      long factorial = 1;
      for (int k = 2; k <= edges; k++) {
        factorial *= k;
      }
      assertThat(paths[row]).as("trajectories to %s", all.format(row)).isEqualTo(factorial);
    }
  }

  @Test
  void sixNodes_areNotEnumerable_butStillWork() {
    DagStructure env = dags("num_nodes=6;num_edges=4");
    assertThat(env.isEnumerable()).isFalse();
    assertThatThrownBy(env::stateCount)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("enumerates the DAGs of at most 5 nodes");
    EnvironmentConformance.check(env, 3L);
  }

  // ---- rewards ---------------------------------------------------------------------------------------------

  @Test
  void emptyGraph_hasLogReward0_andTheTrueGraphSetsTheModeThreshold() {
    DagStructure env = dags("num_nodes=4;num_edges=3");
    assertThat(env.logReward(env.initialStates(1))).containsExactly(0.0);
    int[] truth = env.trueGraph().orElseThrow();
    double trueLogReward = env.logReward(states(env, truth))[0];
    assertThat(env.modeLogRewardThreshold().getAsDouble()).isEqualTo(trueLogReward);
    // With 100 samples of noise 0.1 the generating DAG scores far above the empty graph.
    assertThat(trueLogReward).isGreaterThan(10);
  }

  @Test
  void logReward_isTheRelativeBgeScore() {
    DagStructure env = dags("num_nodes=3;num_edges=2;seed=4");
    DiscreteStates all = env.allStates();
    double[] logR = env.logReward(all);
    BgeScore score = new BgeScore(env.samples(), GraphPrior.UNIFORM);
    int[] empty = new int[3];
    for (int row = 0; row < all.size(); row++) {
      int[] parents = new int[3];
      for (int e = 0; e < 9; e++) {
        parents[e % 3] |= all.get(row, e) << (e / 3);
      }
      assertThat(logR[row]).isCloseTo(score.score(parents) - score.score(empty), within(1e-9));
    }
  }

  // ---- conformance -----------------------------------------------------------------------------------------

  @ParameterizedTest(name = "{0}")
  @CsvSource({"num_nodes=3;num_edges=2", "num_nodes=4;num_edges=3;seed=7", "num_nodes=4;num_edges=4;prior=fair",
      "num_nodes=4;edge_prob=0.2;prior=erdos_renyi;num_samples=20", "num_nodes=1;num_edges=0",
      "num_nodes=2;num_edges=1"})
  void conformanceKits_pass(String settings) {
    DagStructure env = dags(settings);
    EnvironmentConformance.check(env, 20_261_209L);
    EnumerableConformance.check(env);
  }
}
