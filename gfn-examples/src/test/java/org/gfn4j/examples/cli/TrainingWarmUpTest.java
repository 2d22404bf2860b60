package org.gfn4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gfn4j.core.plugin.PluginRegistry;
import org.gfn4j.core.run.RunFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's throwaway warm-up run: it trains, the training command lets it reach as many iterations as its own
 * run makes (up to 40) and stops it before its own training, and it changes no bit.
 */
class TrainingWarmUpTest {
  private static CliRunner train(Path out) {
    return CliRunner.run("train", "--env", "hypergrid", "--env-opt", "ndim=3", "--env-opt", "height=6",
        "--loss", "tb", "--hidden", "32", "--layers", "2", "--batch-size", "16", "--iterations", "40",
        "--eval-every", "0", "--seed", "7", "--no-progress", "--out", out.toString());
  }

  @Test
  void aRunMadeWhileTheWarmUpRuns_isTheRunMadeWithout_andTheWarmUpStopsBeforeItsTraining(@TempDir Path dir)
      throws IOException, InterruptedException {
    CliRunner without = train(dir.resolve("without"));
    assertThat(without.exitCode()).as(without.err()).isZero();
    assertThat(TrainingWarmUp.iterations()).as("not enabled: no warm-up in this process yet").isZero();

    TrainingWarmUp.enable();
    TrainingWarmUp.start(new RunFactory(PluginRegistry.discover()));
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (TrainingWarmUp.iterations() < 3 && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(TrainingWarmUp.iterations()).as("the warm-up trains").isGreaterThanOrEqualTo(3);

    CliRunner with = train(dir.resolve("with"));
    assertThat(with.exitCode()).as(with.err()).isZero();
    int afterTraining = TrainingWarmUp.iterations();
    assertThat(afterTraining).as("handed over after as many iterations as the user's run makes").isBetween(40, 399);
    Thread.sleep(200);
    assertThat(TrainingWarmUp.iterations()).as("stopped by the training command").isEqualTo(afterTraining);
    assertThat(Files.readAllBytes(dir.resolve("with/parameters.bin")))
        .isEqualTo(Files.readAllBytes(dir.resolve("without/parameters.bin")));
  }
}
