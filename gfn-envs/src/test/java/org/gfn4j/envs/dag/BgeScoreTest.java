package org.gfn4j.envs.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.gfn4j.envs.StateGraphs;
import org.junit.jupiter.api.Test;

class BgeScoreTest {
  private static final double TOLERANCE = 1e-9;
  /** Six samples of two variables (an even N, so the gamma ratios below are finite products). */
  private static final double[][] DATA = {
      {0.3, 1.1}, {-1.2, -0.7}, {0.8, 0.2}, {2.1, 1.9}, {-0.4, -1.5}, {0.0, 0.6}};

  /**
   * log p(D_Y) of the Normal-Wishart model for the variables Y (Kuipers et al. 2014, eq. 2), written out for
   * n = 2, alpha_mu = 1, alpha_w = 4 (so t = 1/2) and N = 6: the multivariate gamma ratios are products.
   */
  private static double directLogMarginal(int... ys) {
    int samples = DATA.length;
    int l = ys.length;
    double t = 0.5;
    double[] mean = new double[2];
    for (double[] row : DATA) {
      mean[0] += row[0] / samples;
      mean[1] += row[1] / samples;
    }
    double[][] r = new double[2][2];
    for (int i = 0; i < 2; i++) {
      for (int j = 0; j < 2; j++) {
        for (double[] row : DATA) {
          r[i][j] += (row[i] - mean[i]) * (row[j] - mean[j]);
        }
        r[i][j] += samples / (samples + 1.0) * mean[i] * mean[j] + (i == j ? t : 0);
      }
    }
    double det = l == 1 ? r[ys[0]][ys[0]] : r[0][0] * r[1][1] - r[0][1] * r[1][0];
    // Gamma_l((N + alpha_w - n + l) / 2) / Gamma_l((alpha_w - n + l) / 2) = prod over its l factors of
    // Gamma(a + N/2) / Gamma(a) = prod_{k < N/2} (a + k), with a = 3/2 (l = 1) and a = 2, 3/2 (l = 2).
    double logGammaRatio = 0;
    for (double a : l == 1 ? new double[] {1.5} : new double[] {2.0, 1.5}) {
      for (int k = 0; k < samples / 2; k++) {
        logGammaRatio += Math.log(a + k);
      }
    }
    double alphaWMinus = 4 - 2 + l; // alpha_w - n + l
    return 0.5 * l * Math.log(1.0 / (samples + 1)) + logGammaRatio - 0.5 * l * samples * Math.log(Math.PI)
        + 0.5 * alphaWMinus * l * Math.log(t) - 0.5 * (samples + alphaWMinus) * Math.log(det);
  }

  @Test
  void twoNodes_matchTheNormalWishartMarginalLikelihood_computedDirectly() {
    BgeScore score = new BgeScore(DATA, GraphPrior.UNIFORM);
    assertThat(score.t()).isEqualTo(0.5);
    double a = directLogMarginal(0);
    double b = directLogMarginal(1);
    double ab = directLogMarginal(0, 1);
    assertThat(score.score(new int[] {0, 0})).isCloseTo(a + b, within(TOLERANCE));
    assertThat(score.score(new int[] {0, 0b01})).isCloseTo(ab, within(TOLERANCE)); // a -> b
    assertThat(score.localScore(1, 0b01)).isCloseTo(ab - a, within(TOLERANCE));
    assertThat(score.relativeScore(new int[] {0, 0b01})).isCloseTo(ab - a - b, within(TOLERANCE));
    assertThat(score.relativeScore(new int[] {0, 0})).isEqualTo(0.0);
  }

  @Test
  void markovEquivalentDags_scoreEqually_twoNodes() {
    BgeScore score = new BgeScore(DATA, GraphPrior.UNIFORM);
    double forward = score.relativeScore(new int[] {0, 0b01}); // a -> b
    double backward = score.relativeScore(new int[] {0b10, 0}); // b -> a
    assertThat(forward).isCloseTo(backward, within(TOLERANCE));
  }

  @Test
  void markovEquivalentDags_scoreEqually_threeNodes_butTheVStructureDoesNot() {
    DagStructure env = DagStructure.of(StateGraphs.settings("num_nodes=3;num_edges=2;seed=3"));
    BgeScore score = env.score();
    double chain = score.relativeScore(new int[] {0, 0b001, 0b010}); // 0 -> 1 -> 2
    double reversed = score.relativeScore(new int[] {0b010, 0b100, 0}); // 2 -> 1 -> 0
    double fork = score.relativeScore(new int[] {0b010, 0, 0b010}); // 0 <- 1 -> 2
    double collider = score.relativeScore(new int[] {0, 0b101, 0}); // 0 -> 1 <- 2
    assertThat(reversed).isCloseTo(chain, within(TOLERANCE));
    assertThat(fork).isCloseTo(chain, within(TOLERANCE));
    assertThat(Math.abs(collider - chain)).isGreaterThan(1e-3);
    // The complete DAGs are all equivalent (no independence): 0 -> 1 -> 2, 0 -> 2 against 2 -> 0 -> 1, 2 -> 1.
    double complete = score.relativeScore(new int[] {0, 0b001, 0b011});
    double otherOrder = score.relativeScore(new int[] {0b010, 0, 0b011});
    assertThat(otherOrder).isCloseTo(complete, within(TOLERANCE));
  }

  @Test
  void priors_addTheirPerNodeTerms_asTorchgfn() {
    assertThat(GraphPrior.UNIFORM.logPriorByParentCount(4)).containsOnly(0.0);
    double p = 4 / 6.0;
    assertThat(GraphPrior.ERDOS_RENYI.logPriorByParentCount(4)).containsExactly(new double[] {
        3 * Math.log1p(-p), Math.log(p) + 2 * Math.log1p(-p), 2 * Math.log(p) + Math.log1p(-p), 3 * Math.log(p)},
        within(1e-12));
    assertThat(GraphPrior.FAIR.logPriorByParentCount(4)).containsExactly(new double[] {
        0, -Math.log(4), -Math.log(6), -Math.log(4)}, within(1e-12));
    BgeScore uniform = new BgeScore(DATA, GraphPrior.UNIFORM);
    BgeScore fair = new BgeScore(DATA, GraphPrior.FAIR);
    assertThat(fair.relativeScore(new int[] {0, 0b01}))
        .isCloseTo(uniform.relativeScore(new int[] {0, 0b01}) - Math.log(2), within(TOLERANCE));
  }

  @Test
  void hyperparameters_areChecked_andLocalScoresOfInvalidParentSetsRejected() {
    assertThatThrownBy(() -> new BgeScore(DATA, GraphPrior.UNIFORM, 1, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("BGe score: need alpha_mu > 0 and alpha_w > n + 1 = 3, got alpha_mu=1.0, alpha_w=3.0");
    BgeScore score = new BgeScore(DATA, GraphPrior.UNIFORM);
    assertThatThrownBy(() -> score.localScore(0, 0b01))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no local score for node 0 with parent set 1");
    assertThatThrownBy(() -> new BgeScore(new double[][] {{1, 2}, {3}}, GraphPrior.UNIFORM))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("BGe score: sample 1 has 1 values, sample 0 2");
  }

  @Test
  void largerHyperparameters_changeTheScore_consistently() {
    // With alpha_w = n + 2 + 3 the t term changes; score equivalence still holds.
    BgeScore score = new BgeScore(DATA, GraphPrior.UNIFORM, 2.5, 7);
    assertThat(score.t()).isCloseTo(2.5 * 4 / 3.5, within(1e-12));
    assertThat(score.relativeScore(new int[] {0, 0b01}))
        .isCloseTo(score.relativeScore(new int[] {0b10, 0}), within(TOLERANCE));
  }
}
