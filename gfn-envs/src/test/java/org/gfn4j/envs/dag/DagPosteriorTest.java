package org.gfn4j.envs.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.envs.StateGraphs;
import org.junit.jupiter.api.Test;

class DagPosteriorTest {
  private static final double TOLERANCE = 1e-12;

  private static DagStructure dags(String settings) {
    return DagStructure.of(StateGraphs.settings(settings));
  }

  @Test
  void exactPosterior_twoNodes_isTheNormalisedReward() {
    DagStructure env = dags("num_nodes=2;num_edges=1;num_samples=30;seed=2");
    // DAGs in index order: empty (0), 0 -> 1 (bit 1), 1 -> 0 (bit 2).
    double[] logR = env.logReward(env.allStates());
    assertThat(logR[0]).isEqualTo(0.0);
    double z = 1 + Math.exp(logR[1]) + Math.exp(logR[2]);
    double[] marginals = DagPosterior.exact(env).edgeMarginals();
    assertThat(marginals).containsExactly(new double[] {0, Math.exp(logR[1]) / z, Math.exp(logR[2]) / z, 0},
        within(TOLERANCE));
    // Score equivalence: both orientations are equally likely.
    assertThat(marginals[1]).isCloseTo(marginals[2], within(1e-9));
  }

  @Test
  void expectedShd_countsMissingExtraAndReversedEdgesOnce_asTorchgfn() {
    DagStructure env = dags("num_nodes=3;num_edges=1");
    int[] truth = {0, 1, 0, 0, 0, 1, 0, 0, 0}; // 0 -> 1 -> 2
    int[] reversedOne = {0, 0, 0, 1, 0, 1, 0, 0, 0}; // 1 -> 0, 1 -> 2: SHD 1
    int[] extraAndMissing = {0, 1, 1, 0, 0, 0, 0, 0, 0}; // 0 -> 1, 0 -> 2: SHD 2
    int[] empty = new int[9]; // SHD 2
    DiscreteStates samples = env.states(4, concat(truth, reversedOne, extraAndMissing, empty));
    DagPosterior posterior = DagPosterior.ofSamples(env, samples);
    assertThat(posterior.expectedShd(truth)).isCloseTo((0 + 1 + 2 + 2) / 4.0, within(TOLERANCE));
    assertThat(posterior.expectedEdges()).isCloseTo((2 + 2 + 2 + 0) / 4.0, within(TOLERANCE));
    assertThat(posterior.edgeMarginals()).containsExactly(new double[] {0, 0.5, 0.25, 0.25, 0, 0.5, 0, 0, 0},
        within(TOLERANCE));
  }

  @Test
  void ofDistribution_matchesTheEmpiricalDistributionOfTheSameGraphs() {
    DagStructure env = dags("num_nodes=3;num_edges=2");
    DiscreteStates all = env.allStates();
    double[] p = new double[all.size()];
    p[3] = 0.25;
    p[10] = 0.75;
    DagPosterior byIndex = DagPosterior.of(env, p);
    DagPosterior bySamples = DagPosterior.ofSamples(env, all.select(new int[] {3, 10, 10, 10}));
    assertThat(byIndex.edgeMarginals()).containsExactly(bySamples.edgeMarginals(), within(TOLERANCE));
    assertThat(byIndex.maxEdgeMarginalDifference(bySamples)).isCloseTo(0, within(TOLERANCE));
    int[] truth = env.trueGraph().orElseThrow();
    assertThat(byIndex.expectedShd(truth)).isCloseTo(bySamples.expectedShd(truth), within(TOLERANCE));
  }

  @Test
  void marginalDifferences_maxAndMeanOverThePossibleEdges() {
    DagStructure env = dags("num_nodes=2;num_edges=1");
    DagPosterior empty = DagPosterior.of(env, new double[] {1, 0, 0});
    DagPosterior half = DagPosterior.of(env, new double[] {0.5, 0.5, 0});
    assertThat(half.maxEdgeMarginalDifference(empty)).isCloseTo(0.5, within(TOLERANCE));
    assertThat(half.meanEdgeMarginalDifference(empty)).isCloseTo(0.25, within(TOLERANCE));
  }

  @Test
  void invalidDistributions_areRejected() {
    DagStructure env = dags("num_nodes=2;num_edges=1");
    assertThatThrownBy(() -> DagPosterior.of(env, new double[] {1, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("DAG posterior over 2 nodes: 2 probabilities, expected one per DAG, 3");
    assertThatThrownBy(() -> DagPosterior.of(env, new double[] {0.5, 0.25, 0.125}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("DAG posterior: the probabilities sum to 0.875, not 1");
    assertThatThrownBy(() -> DagPosterior.of(env, new double[] {1.5, -0.5, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("DAG posterior: probability 1 is -0.5");
    assertThatThrownBy(() -> DagPosterior.exact(env).expectedShd(new int[] {0, 1, 0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a graph has 4 adjacency entries, got 3");
  }

  private static int[] concat(int[]... rows) {
    return Arrays.stream(rows).flatMapToInt(Arrays::stream).toArray();
  }
}
