package org.gfn4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.gfn4j.core.plugin.PluginRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code gfn train --env NAME} works with every discovered environment's defaults (only the budget given): it
 * trains, evaluates at the end, and writes a metrics row and a summary for that environment.
 */
class EveryEnvironmentCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  static Stream<String> environments() {
    return PluginRegistry.discover().environments().keySet().stream().sorted();
  }

  @ParameterizedTest
  @MethodSource("environments")
  void trainsWithItsDefaults(String environment, @TempDir Path out) throws IOException {
    CliRunner result = CliRunner.run("train", "--env", environment, "--iterations", "3", "--batch-size", "4",
        "--no-progress", "--out", out.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("3 iterations");
    List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
    assertThat(metrics).hasSize(2);
    assertThat(metrics.get(1)).startsWith("3,");
    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.get("iterations").asInt()).isEqualTo(3);
    assertThat(Files.readString(out.resolve("config.yaml"))).contains("env: " + environment);
  }

  @Test
  void aHugeHyperGrid_writesMetricsRowsLikeAnyOtherRun(@TempDir Path out) throws IOException {
    // 10^15 states: no exact evaluation, the sampled metrics every 10 iterations (about 5 s each on 2 cores)
    CliRunner result = CliRunner.run("train", "--env", "hypergrid", "--env-opt", "ndim=5", "--env-opt",
        "height=1000", "--iterations", "20", "--eval-every", "10", "--no-progress", "--out", out.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
    assertThat(metrics.get(0)).startsWith(
        "iteration,loss,logz,elapsed_s,reward_mean,reward_topk,modes_found,logp_logr_corr,elbo,eubo");
    assertThat(metrics).hasSize(3);
    assertThat(metrics.get(1)).startsWith("10,");
    assertThat(metrics.get(2)).startsWith("20,");
    for (String row : metrics.subList(1, 3)) {
      String[] values = row.split(",");
      assertThat(Double.parseDouble(values[4])).as("reward_mean").isPositive();
      assertThat(Double.parseDouble(values[7])).as("logp_logr_corr").isBetween(-1.0, 1.0);
      assertThat(Double.parseDouble(values[9])).as("eubo above elbo").isGreaterThan(Double.parseDouble(values[8]));
    }
  }
}
