package org.gfn4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GfnCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void list_showsEveryPluginWithParametersAndDefaults() {
    CliRunner result = CliRunner.run("list");
    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("Environments", "hypergrid", "Policies", "mlp", "tabular", "uniform", "onnx", "Objectives", "tb",
            "db", "subtb", "fm", "mdb", "zvar", "rtb", "Rewards", "env", "tempered")
        .containsPattern("weighting +.*default geometric_within; one of geometric_within, geometric, equal, "
            + "equal_within, tb, db, modifieddb")
        .containsPattern("lambda +.*default 0.9")
        .containsPattern("ndim +.*default 2; an integer in \\[1, 32\\]")
        .containsPattern("hidden +.*default 256")
        .containsPattern("residual +.*default squared; one of squared, half_squared, shifted_cosh, linex");
  }

  @Test
  void train_writesMetricsSummaryAndModel_thatEvaluateReloads(@TempDir Path out) throws IOException {
    CliRunner result = CliRunner.run("train", "--env", "hypergrid", "--env-opt", "ndim=2", "--env-opt", "height=8",
        "--loss", "tb", "--iterations", "40", "--batch-size", "8", "--eval-every", "20", "--hidden", "32",
        "--layers", "1", "--seed", "3", "--no-progress", "--out", out.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("40 iterations", "exact L1");
    List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
    assertThat(metrics.get(0)).startsWith("iteration,loss,logz,elapsed_s,l1_exact,jsd_exact,kl_exact,logz_error");
    assertThat(metrics).hasSize(3);
    assertThat(metrics.get(1)).startsWith("20,");
    assertThat(metrics.get(2)).startsWith("40,");
    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
    for (String key : List.of("l1_exact", "jsd_exact", "logz", "logz_true", "iterations", "ms_per_iteration", "seed")) {
      assertThat(summary.has(key)).as(key).isTrue();
    }
    assertThat(summary.get("iterations").asInt()).isEqualTo(40);
    assertThat(summary.get("seed").asLong()).isEqualTo(3);
    assertThat(summary.get("logz_true").asDouble()).isCloseTo(3.109061, within(1e-6));
    assertThat(summary.get("ms_per_iteration").asDouble()).isPositive()
        .isLessThanOrEqualTo(summary.get("elapsed_s").asDouble() * 1000 / 40);
    assertThat(Files.exists(out.resolve("checkpoint.json"))).isTrue();
    assertThat(Files.exists(out.resolve("parameters.bin"))).isTrue();

    CliRunner evaluated = CliRunner.run("evaluate", "--checkpoint", out.toString());
    assertThat(evaluated.exitCode()).as(evaluated.err()).isZero();
    JsonNode evaluation = JSON.readTree(evaluated.out());
    assertThat(evaluation.get("l1_exact").asDouble()).isEqualTo(summary.get("l1_exact").asDouble());
    assertThat(evaluation.get("logz").asDouble()).isEqualTo(summary.get("logz").asDouble());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--env nope|1|unknown environment 'nope'; available: binary-tree, bitseq, bitseq-nonauto, box,"
          + " conditional-hypergrid, dag-structure, discrete-ebm, hypergrid, ising, line, perfect-tree, set-addition",
      "--loss nope|1|unknown objective 'nope'; available: db, fm, mdb, rtb, subtb, tb, zvar",
      "--policy nope|1|unknown policy 'nope'; available: mlp, onnx, tabular, uniform",
      "--env-opt height=1|1|environment 'hypergrid': height=1 is invalid; expected an integer in [2, 1024]",
      "--env-opt ndim=abc|1|environment 'hypergrid': ndim=abc is invalid; expected an integer in [1, 32]",
      "--env-opt colour=red|1|environment 'hypergrid' has no parameter 'colour'; accepted: ndim, height, r0, r1, r2, encoding",
      "--loss-opt residual=cubic|1|objective 'tb': residual=cubic is invalid; expected one of squared, half_squared, shifted_cosh, linex",
      "--env-opt ndim|2|should be in KEY=VALUE format but was ndim",
      "--lr abc|2|Invalid value for option '--lr': 'abc' is not a double",
      "--batch-size 0|1|batch size must be >= 1, got 0",
      "--epsilon 2|1|epsilon must be in [0, 1], got 2.0",
      "--frobnicate|2|Unknown option: '--frobnicate'",
      "--mode-threshold 0|1|--mode-threshold must be a reward > 0 and finite (its log is compared with the "
          + "log-rewards), got 0.0",
      "--mode-threshold -2|1|--mode-threshold must be a reward > 0 and finite (its log is compared with the "
          + "log-rewards), got -2.0",
      "--mode-threshold NaN|1|--mode-threshold must be a reward > 0 and finite (its log is compared with the "
          + "log-rewards), got NaN",
      "--mode-threshold Infinity|1|--mode-threshold must be a reward > 0 and finite (its log is compared with the "
          + "log-rewards), got Infinity",
      "--mode-threshold many|2|Invalid value for option '--mode-threshold': 'many' is not a double",
      "--env line --mode-threshold 2|1|--mode-threshold 2.0 counts the distinct terminal objects of a discrete "
          + "environment, but environment 'line' is continuous; remove --mode-threshold"})
  void badInvocation_printsOneClearLine_andNoStackTrace(String arguments, int exitCode, String message,
      @TempDir Path out) {
    List<String> args = new java.util.ArrayList<>(List.of("train", "--iterations", "1", "--no-progress", "--out",
        out.toString()));
    args.addAll(List.of(arguments.split(" ")));
    CliRunner result = CliRunner.run(args.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.err()).isEqualTo(exitCode);
    assertThat(result.err()).contains(message).startsWith("gfn: error: ").doesNotContain("\tat ");
    assertThat(result.err().lines().count()).isLessThanOrEqualTo(2);
  }

  @Test
  void verbose_showsTheStackTrace(@TempDir Path out) {
    CliRunner result = CliRunner.run("train", "--env", "nope", "--verbose", "--out", out.toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("unknown environment 'nope'").contains("\tat org.gfn4j");
  }

  @Test
  void evaluate_ofAMissingCheckpoint_saysWhatIsMissing(@TempDir Path out) {
    CliRunner result = CliRunner.run("evaluate", "--checkpoint", out.resolve("none").toString());
    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("no checkpoint in").contains("checkpoint.json is missing");
  }
}
