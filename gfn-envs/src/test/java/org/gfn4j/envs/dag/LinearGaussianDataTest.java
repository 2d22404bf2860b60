package org.gfn4j.envs.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import org.gfn4j.envs.StateGraphs;
import org.junit.jupiter.api.Test;

class LinearGaussianDataTest {
  private static DagStructure dags(String settings) {
    return DagStructure.of(StateGraphs.settings(settings));
  }

  @Test
  void sameSeed_givesTheSameGraphAndSamples_otherSeedsOthers() {
    DagStructure a = dags("num_nodes=5;num_edges=5;seed=11");
    DagStructure b = dags("num_nodes=5;num_edges=5;seed=11");
    DagStructure c = dags("num_nodes=5;num_edges=5;seed=12");
    assertThat(b.trueGraph().orElseThrow()).containsExactly(a.trueGraph().orElseThrow());
    assertThat(Arrays.deepEquals(a.samples(), b.samples())).isTrue();
    assertThat(Arrays.deepEquals(a.samples(), c.samples())).isFalse();
    assertThat(a.logReward(a.allStates())).containsExactly(b.logReward(b.allStates()));
  }

  @Test
  void trueGraph_isADagOfTheEnvironment_withAboutNumEdgesEdges() {
    int total = 0;
    for (int seed = 0; seed < 200; seed++) {
      DagStructure env = dags("num_nodes=5;num_edges=4;num_samples=1;seed=" + seed);
      int[] truth = env.trueGraph().orElseThrow();
      env.states(1, truth).forwardMasks(); // rejects a graph with a cycle
      total += Arrays.stream(truth).sum();
    }
    // Binomial(10, 0.4) edges per graph: mean 4, standard error of the mean over 200 graphs 0.11.
    assertThat(total / 200.0).isCloseTo(4, within(0.5));
  }

  @Test
  void edgeProbability1_givesACompleteDag_andNumEdges0_anEmptyOne() {
    assertThat(Arrays.stream(dags("num_nodes=5;edge_prob=1").trueGraph().orElseThrow()).sum()).isEqualTo(10);
    assertThat(dags("num_nodes=5;num_edges=0").trueGraph().orElseThrow()).containsOnly(0);
  }

  @Test
  void rootNodes_haveNoiseOfStandardDeviation01_andChildrenFollowTheirParents() {
    DagStructure empty = dags("num_nodes=2;num_edges=0;num_samples=20000");
    double[][] x = empty.samples();
    for (int j = 0; j < 2; j++) {
      double mean = 0;
      double square = 0;
      for (double[] row : x) {
        mean += row[j] / x.length;
        square += row[j] * row[j] / x.length;
      }
      assertThat(mean).isCloseTo(0, within(0.003));
      assertThat(Math.sqrt(square - mean * mean)).isCloseTo(LinearGaussianData.OBS_NOISE, within(0.003));
    }
    // One edge: the child is w times its parent plus noise of sd 0.1, so the residual of the regression is 0.1.
    DagStructure edge = dags("num_nodes=2;edge_prob=1;num_samples=20000;seed=5");
    int[] truth = edge.trueGraph().orElseThrow();
    int parent = truth[1] == 1 ? 0 : 1;
    double[][] y = edge.samples();
    double sxy = 0;
    double sxx = 0;
    for (double[] row : y) {
      sxy += row[parent] * row[1 - parent];
      sxx += row[parent] * row[parent];
    }
    double w = sxy / sxx;
    double residual = 0;
    for (double[] row : y) {
      residual += Math.pow(row[1 - parent] - w * row[parent], 2) / y.length;
    }
    assertThat(Math.sqrt(residual)).isCloseTo(0.1, within(0.003));
  }

  @Test
  void nodeNames_followTorchgfn() {
    assertThat(LinearGaussianData.names(28)).startsWith("A", "B", "C").endsWith("Z", "AA", "AB");
  }
}
