package org.gfn4j.examples.convergence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.core.run.CheckpointStore;
import org.gfn4j.core.eval.Divergences;
import org.gfn4j.core.eval.Evaluation;
import org.gfn4j.core.eval.ExactEvaluator;
import org.gfn4j.core.optim.AdamSettings;
import org.gfn4j.core.replay.ReplayConfig;
import org.gfn4j.core.run.PluginChoice;
import org.gfn4j.core.run.RunSpec;
import org.gfn4j.core.run.TrainingRun;
import org.gfn4j.core.train.TrainingConfig;
import org.gfn4j.core.train.TrainingResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relative trajectory balance fine-tunes a prior towards a new reward: its target is
 * {@code p_prior(x) r(x)^beta} normalised, and after training the posterior is much closer to it (exact L1)
 * than the prior it started from; the run's own evaluation reports its metrics against that target.
 */
class RelativeTrajectoryBalanceTest {
  private static final PluginChoice GRID = new PluginChoice("hypergrid", Map.of("ndim", "2", "height", "8"));
  private static final PluginChoice MLP = new PluginChoice("mlp", Map.of("hidden", "256", "layers", "2"));

  @Test
  void rtb_fineTunesThePrior_towardsPriorTimesNewReward(@TempDir Path priorFolder) {
    // Prior: TB on the HyperGrid reward, batch 16, 300 iterations, seed 1.
    TrainingConfig priorTraining = new TrainingConfig(300, 16, 1e-3, null, 0, AdamSettings.DEFAULTS,
        Exploration.NONE, ReplayConfig.NONE, 0, 1);
    TrainingRun prior = HyperGridRuns.FACTORY.create(new RunSpec(GRID, MLP, MLP, PluginChoice.of("tb"),
        PluginChoice.of("env"), priorTraining, 0));
    prior.trainer(List.of()).run();
    CheckpointStore.save(priorFolder, prior, 300);

    // Posterior: rtb (beta 1) towards the new reward r = R^2 ("tempered", beta 2); batch 16, 1000 iterations.
    TrainingConfig training = new TrainingConfig(1000, 16, 1e-3, null, 0, AdamSettings.DEFAULTS, Exploration.NONE,
        ReplayConfig.NONE, 0, 2);
    TrainingRun posterior = HyperGridRuns.FACTORY.create(new RunSpec(GRID, MLP, MLP, PluginChoice.of("rtb"),
        new PluginChoice("tempered", Map.of("beta", "2")), training, 0, false, priorFolder.toString()));
    ExactEvaluator exact = new ExactEvaluator((org.gfn4j.api.env.DiscreteEnvironment) posterior.model().environment(), posterior.model().reward(), 0,
        new SplittableRandom(0));
    double[] priorDistribution = exact.terminalDistribution(prior.model().forwardPolicy());
    double[] newReward = exact.targetDistribution();
    double[] target = new double[newReward.length];
    double sum = 0;
    for (int i = 0; i < target.length; i++) {
      target[i] = priorDistribution[i] * newReward[i];
      sum += target[i];
    }
    for (int i = 0; i < target.length; i++) {
      target[i] /= sum;
    }
    double[] start = exact.terminalDistribution(posterior.model().forwardPolicy());
    assertThat(start).as("the posterior starts from the prior").containsExactly(priorDistribution);
    ExactEvaluator runEvaluator = posterior.exactEvaluator().orElseThrow();
    assertThat(runEvaluator.targetDistribution()).as("what the run reports its metrics against")
        .containsExactly(target, within(1e-12));

    TrainingResult result = posterior.trainer(List.of()).run();

    double priorL1 = Divergences.l1(priorDistribution, target);
    double posteriorL1 = Divergences.l1(exact.terminalDistribution(posterior.model().forwardPolicy()), target);
    assertThat(priorL1).isGreaterThan(0.3);
    assertThat(posteriorL1).isLessThan(priorL1 / 4).isLessThan(0.1);
    Evaluation reported = result.evaluation().orElseThrow();
    assertThat(reported.l1()).isCloseTo(posteriorL1, within(1e-9));
    assertThat(reported.logZTrue()).isCloseTo(Math.log(sum) + exact.logZTrue(), within(1e-9));
  }
}
