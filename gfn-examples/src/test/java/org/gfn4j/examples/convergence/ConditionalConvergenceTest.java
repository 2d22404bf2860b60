package org.gfn4j.examples.convergence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.LongStream;
import org.gfn4j.core.eval.Evaluation;
import org.gfn4j.core.run.PluginChoice;
import org.gfn4j.core.run.RunSpec;
import org.gfn4j.core.train.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A conditional GFlowNet learns conditional-hypergrid 2x8 (reward (1 - c)(R0 + R1 + R2) + c R(s), c uniform in
 * [0, 1] per trajectory): PF, PB (and log F) read [k-hot, c], log Z is an MLP of c, and the exact terminal
 * distribution at each evaluated condition is compared with the reward at that condition.
 */
class ConditionalConvergenceTest {
  /** Runs already made, by objective, policy options and seed: the single-MLP TB runs serve two tests. */
  private static final Map<String, Evaluation> RUNS = new ConcurrentHashMap<>();

  private static Evaluation train(String objective) {
    return train(objective, Map.of(), 1);
  }

  private static Evaluation train(String objective, Map<String, String> policyOptions, long seed) {
    return RUNS.computeIfAbsent(objective + " " + policyOptions + " " + seed, key -> {
      Map<String, String> options = new LinkedHashMap<>(Map.of("hidden", "256", "layers", "2"));
      options.putAll(policyOptions);
      PluginChoice mlp = new PluginChoice("mlp", options);
      TrainingConfig training = TrainingConfig.defaults(seed).withIterations(2000).withBatchSize(16)
          .withEvalEvery(0);
      RunSpec spec = new RunSpec(new PluginChoice("conditional-hypergrid", Map.of("ndim", "2", "height", "8")),
          mlp, mlp, PluginChoice.of(objective), PluginChoice.of("env"), training, 0, false, null,
          List.of(0.0, 0.5, 1.0));
      return HyperGridRuns.train(spec).evaluation().orElseThrow();
    });
  }

  /** The mean L1 error at condition {@code c} of TB runs with these policy options over seeds 1-3. */
  private static double meanL1OverSeeds(Map<String, String> policyOptions, String c) {
    return LongStream.rangeClosed(1, 3)
        .mapToDouble(seed -> train("tb", policyOptions, seed).byCondition().get(c).l1()).average().orElseThrow();
  }

  @ParameterizedTest
  @ValueSource(strings = {"tb", "db", "subtb", "fm"})
  void conditionalHyperGrid2x8_2000x16_learnsTheUniformAndTheMixedTargets(String objective) {
    // each about 12 s on 2 cores; TB reaches 0.041-0.055 at c = 0 and c = 0.5 over seeds 1-3 (0.041-0.063 with
    // ND4J's products in the sampler instead of the vector API's) and 0.29-0.35 at c = 1 (see below)
    Evaluation evaluation = train(objective);
    assertThat(evaluation.byCondition()).containsOnlyKeys("0", "0.5", "1");
    double bound = objective.equals("fm") ? 0.1 : 0.06;
    assertThat(evaluation.byCondition().get("0").l1()).isLessThan(bound);
    assertThat(evaluation.byCondition().get("0.5").l1()).isLessThan(bound);
    // c = 1 is the original, sharpest reward at the edge of the conditions' range: every objective is still far
    // from it at this budget (0.26-0.31); trained at c = 1 alone, TB reaches 0.003 there.
    assertThat(evaluation.byCondition().get("1").l1()).isLessThan(0.4);
    assertThat(evaluation.byCondition().get("1").logZTrue()).isCloseTo(3.109061, within(1e-6));
    assertThat(evaluation.byCondition().get("0").logZTrue()).isCloseTo(Math.log(2.6 * 64), within(1e-12));
  }

  @Test
  void torchgfnsTwoTrunkEstimators_lowerTheErrorAtTheSharpestCondition_overThreeSeeds() {
    // conditioning=trunks: a state trunk and a condition trunk (16 x 3) feeding a final MLP, as torchgfn's
    // ConditionalDiscretePolicyEstimator; five more runs of about 11 s on 2 cores. Mean L1 over seeds 1-3 at c = 0,
    // 0.5, 1 on a 2-core Intel Xeon: 0.078, 0.066, 0.207 (single seeds: 0.139-0.248 at c = 1); the single MLP
    // over [state, c]: 0.058, 0.046, 0.322 (0.269-0.363). Single seeds vary too much for a one-seed bound.
    Map<String, String> trunks = Map.of("conditioning", "trunks");
    double sharpest = meanL1OverSeeds(trunks, "1");
    assertThat(sharpest).isLessThan(0.25).isLessThan(0.8 * meanL1OverSeeds(Map.of(), "1"));
    assertThat(meanL1OverSeeds(trunks, "0")).isLessThan(0.1);
    assertThat(meanL1OverSeeds(trunks, "0.5")).isLessThan(0.1);
  }
}
