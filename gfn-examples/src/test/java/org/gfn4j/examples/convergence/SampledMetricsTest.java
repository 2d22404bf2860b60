package org.gfn4j.examples.convergence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.core.eval.Evaluation;
import org.gfn4j.core.eval.SampledMetricsEvaluator;
import org.gfn4j.core.nn.UniformEstimator;
import org.gfn4j.core.optim.AdamSettings;
import org.gfn4j.core.random.RandomStream;
import org.gfn4j.core.run.PluginChoice;
import org.gfn4j.core.run.RunSpec;
import org.gfn4j.core.run.TrainingRun;
import org.gfn4j.core.sampling.Features;
import org.gfn4j.core.sampling.Sampler;
import org.gfn4j.core.train.IterationReport;
import org.gfn4j.core.train.TrainingConfig;
import org.gfn4j.core.train.TrainingListener;
import org.gfn4j.core.train.TrainingResult;
import org.gfn4j.envs.hypergrid.HyperGrid;
import org.junit.jupiter.api.Test;

/**
 * The metrics every run reports without enumerating states: on HyperGrid 2x8, where the exact answer is known,
 * they reach it as the run learns; on a grid too large to enumerate they still show the learning.
 */
class SampledMetricsTest {
  @Test
  void onATrainedHyperGrid_elboAndEuboReachLogZ_andLogPFollowsLogR() {
    RunSpec spec = HyperGridRuns.spec(2, 16, 1000, 0, 1);
    TrainingRun untrained = HyperGridRuns.FACTORY.create(spec);
    Evaluation before = untrained.evaluator().orElseThrow().evaluate(untrained.model());
    TrainingRun run = HyperGridRuns.FACTORY.create(spec);
    TrainingResult result = run.trainer(List.of()).run();
    Evaluation after = result.evaluation().orElseThrow();
    double logZ = 3.109061;
    assertThat(after.get(SampledMetricsEvaluator.ELBO)).isCloseTo(logZ, within(0.02)).isLessThan(logZ + 0.005);
    assertThat(after.get(SampledMetricsEvaluator.EUBO)).isCloseTo(logZ, within(0.02));
    assertThat(after.get(SampledMetricsEvaluator.LOGP_LOGR_CORR)).isGreaterThan(0.99)
        .isGreaterThan(before.get(SampledMetricsEvaluator.LOGP_LOGR_CORR));
    assertThat(before.get(SampledMetricsEvaluator.ELBO)).isLessThan(logZ - 0.5); // a random policy is far below
    assertThat(after.get(SampledMetricsEvaluator.REWARD_MEAN)).isGreaterThan(
        before.get(SampledMetricsEvaluator.REWARD_MEAN));
    // every one of the 4 modes is among 256 fresh samples of the trained sampler
    Evaluation fresh = new SampledMetricsEvaluator(run.model().environment(), run.model(), 256, new RandomStream(3))
        .evaluate(run.model());
    assertThat(fresh.get(Evaluation.MODES_FOUND)).isEqualTo(4);
    assertThat(fresh.get(SampledMetricsEvaluator.REWARD_TOPK)).isCloseTo(2.6, within(1e-9));
  }

  @Test
  void onAHugeHyperGrid_theHeldOutSetSpreadsOverTheGrid_whereAUniformPolicyStaysNearTheOrigin() {
    TrainingRun run = HyperGridRuns.FACTORY.create(HyperGridRuns.spec(Map.of("ndim", "5", "height", "1000"), 16, 10,
        1e-3, true, 0, 1)); // 10^15 states
    assertThat(run.exactEvaluator()).isEmpty();
    SampledMetricsEvaluator sampled = (SampledMetricsEvaluator) run.evaluator().orElseThrow();
    DiscreteStates heldOut = sampled.heldOut().orElseThrow();
    // features 5,000 wide: 2^17 feature values per backward step leave 26 objects with one backward sample each
    // (against 64 x 8 on a small grid), so that an evaluation stays bounded although each trajectory is ~2,500 long
    assertThat(heldOut.size()).isEqualTo(26);
    // 130 coordinates uniform on 0..999: mean 499.5 +- 25 (one standard deviation)
    assertThat(Arrays.stream(heldOut.toArray()).average().orElseThrow()).isCloseTo(499.5, within(100.0));
    assertThat(Arrays.stream(heldOut.toArray()).max().orElseThrow()).isGreaterThan(900);

    // what the held-out set was before: the terminal states of a uniform-action policy, about 5 steps out
    HyperGrid grid = (HyperGrid) run.model().environment();
    Sampler<?, ?> uniform = Sampler.of(grid, new UniformEstimator(Features.width(grid),
        grid.forwardHead().outputDim()), run.model().reward());
    DiscreteStates rolledOut = (DiscreteStates) uniform.sample(64, Exploration.NONE, new RandomStream(1))
        .terminalStates();
    assertThat(Arrays.stream(rolledOut.toArray()).average().orElseThrow()).isLessThan(5);
  }

  @Test
  void aGivenModeThreshold_countsModesInPlaceOfTheEnvironments() {
    RunSpec spec = HyperGridRuns.spec(2, 16, 10, 0, 1);
    TrainingRun run = HyperGridRuns.FACTORY.create(spec);
    // the environment's threshold is its highest reward, 2.6, reached by 4 states; every state reaches 0.1
    Evaluation declared = new SampledMetricsEvaluator(run.model().environment(), run.model(), 256,
        new RandomStream(3)).evaluate(run.model());
    Evaluation given = new SampledMetricsEvaluator(run.model().environment(), run.model(), 256,
        OptionalDouble.of(Math.log(0.1)), new RandomStream(3)).evaluate(run.model());
    assertThat(declared.get(Evaluation.MODES_FOUND)).isBetween(0.0, 4.0);
    assertThat(given.get(Evaluation.MODES_FOUND)).isGreaterThan(4);
    // and the exact evaluation of a run given the threshold counts its modes the same way
    TrainingRun withThreshold = HyperGridRuns.FACTORY.create(spec.withModeThreshold(0.1));
    assertThat(withThreshold.exactEvaluator().orElseThrow().modeCount()).isEqualTo(64);
    assertThat(run.exactEvaluator().orElseThrow().modeCount()).isEqualTo(4);
  }

  /** Trains 300 iterations of batch 16 with evaluations every 50 and returns the evaluations. */
  private static List<Evaluation> evaluations(String environment, Map<String, String> options, int hidden) {
    return evaluations(environment, options, hidden, null);
  }

  /** As above, with a given mode threshold (a reward; null: the environment's). */
  private static List<Evaluation> evaluations(String environment, Map<String, String> options, int hidden,
      Double modeThreshold) {
    TrainingConfig training = new TrainingConfig(300, 16, 1e-3, 0.1, 0, AdamSettings.DEFAULTS, Exploration.NONE, 50,
        1);
    PluginChoice mlp = new PluginChoice("mlp", Map.of("hidden", "" + hidden, "layers", "2"));
    RunSpec spec = new RunSpec(new PluginChoice(environment, options), mlp, mlp, PluginChoice.of("tb"),
        PluginChoice.of("env"), training, 0).withModeThreshold(modeThreshold);
    TrainingRun run = HyperGridRuns.FACTORY.create(spec);
    assertThat(run.exactEvaluator()).as("too large to enumerate").isEmpty();
    List<Evaluation> rows = new ArrayList<>();
    run.trainer(List.of(new TrainingListener() {
      @Override
      public void onEvaluation(int iteration, Evaluation evaluation, IterationReport last) {
        rows.add(evaluation);
      }
    })).run();
    assertThat(rows).hasSize(6);
    return rows;
  }

  @Test
  void onAGridTooLargeToEnumerate_modesFoundAndTheElboGrowOverTheRun() {
    List<Evaluation> rows = evaluations("hypergrid", Map.of("ndim", "4", "height", "40"), 128); // 2.56 M states
    Evaluation first = rows.get(0);
    Evaluation last = rows.get(rows.size() - 1);
    assertThat(last.get(Evaluation.MODES_FOUND)).isGreaterThan(first.get(Evaluation.MODES_FOUND) + 10);
    assertThat(last.get(SampledMetricsEvaluator.ELBO)).isGreaterThan(first.get(SampledMetricsEvaluator.ELBO) + 2);
    assertThat(last.get(SampledMetricsEvaluator.REWARD_MEAN)).isPositive();
  }

  @Test
  void onSequencesTooManyToEnumerate_theTopRewardsModesFoundElboAndCorrelationGrowOverTheRun() {
    // 2^120 sequences; modes: sequences within 41 bits of one of the 60 targets (reward e^-41 and more), given as
    // --mode-threshold would. Measured (seed 1, MLP 128 x 2, 300 x 16, evaluations every 50): top-10 mean reward of
    // the fresh samples 6.6e-18, 2.9e-17, 5.0e-17, 1.0e-17, 5.4e-17, 1.3e-17 (each evaluation draws new samples, so
    // it is not monotone, but every later one beats the first); modes found 38, 92, 137, 205, 271, 341
    List<Evaluation> rows = evaluations("bitseq", Map.of(), 128, Math.exp(-41));
    Evaluation first = rows.get(0);
    Evaluation last = rows.get(rows.size() - 1);
    double firstTopK = first.get(SampledMetricsEvaluator.REWARD_TOPK);
    assertThat(rows.subList(1, rows.size()))
        .allSatisfy(row -> assertThat(row.get(SampledMetricsEvaluator.REWARD_TOPK)).isGreaterThan(firstTopK));
    assertThat(rows.stream().mapToDouble(row -> row.get(SampledMetricsEvaluator.REWARD_TOPK)).max().orElseThrow())
        .isGreaterThan(5 * firstTopK);
    for (int i = 1; i < rows.size(); i++) {
      assertThat(rows.get(i).get(Evaluation.MODES_FOUND)).isGreaterThan(rows.get(i - 1).get(Evaluation.MODES_FOUND));
    }
    assertThat(last.get(Evaluation.MODES_FOUND)).isGreaterThan(first.get(Evaluation.MODES_FOUND) + 50);
    assertThat(last.get(SampledMetricsEvaluator.ELBO)).isGreaterThan(first.get(SampledMetricsEvaluator.ELBO) + 2);
    assertThat(last.get(SampledMetricsEvaluator.LOGP_LOGR_CORR))
        .isGreaterThan(first.get(SampledMetricsEvaluator.LOGP_LOGR_CORR) + 0.1);
    assertThat(rows).allSatisfy(row -> assertThat(row.get(SampledMetricsEvaluator.EUBO))
        .isGreaterThan(row.get(SampledMetricsEvaluator.ELBO)));
  }
}
