package org.gfn4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gfn4j.examples.charts.RunPictures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Safe outputs, guards against ignored options, and honest summaries of {@code gfn train}. */
class RunsThatSurviveTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static CliRunner train(Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("train", "--env-opt", "ndim=2", "--env-opt", "height=4",
        "--iterations", "10", "--batch-size", "4", "--eval-every", "5", "--hidden", "8", "--layers", "1",
        "--no-progress", "--out", out.toString()));
    args.addAll(List.of(extra));
    return CliRunner.run(args.toArray(String[]::new));
  }

  private static void assertOneLineError(CliRunner result, int code, String... parts) {
    assertThat(result.exitCode()).as(result.err()).isEqualTo(code);
    assertThat(result.err()).startsWith("gfn: error: ").contains(parts).doesNotContain("\tat ");
    assertThat(result.err().lines().count()).isLessThanOrEqualTo(2);
  }

  @Test
  void out_thatIsAFile_failsAtOnce_namingThePath(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("taken"), "x");
    assertOneLineError(train(file), 1, "cannot use --out " + file + ": ", "exists and is not a folder");
  }

  /** Tests run as root, so a read-only folder is still writable: a path below a regular file cannot be created. */
  @Test
  void out_belowAFile_failsAtOnce_namingThePathAndTheReason(@TempDir Path dir) throws IOException {
    Path file = Files.writeString(dir.resolve("taken"), "x");
    Path out = file.resolve("run");
    assertOneLineError(train(out), 1, "--out " + out + ": ");
    assertThat(file).isRegularFile();
  }

  /** A full disk, simulated by a probe that fails as writing on a full disk does. */
  @Test
  void out_onAFullDisk_failsBeforeTraining(@TempDir Path out) {
    OutputFolder.Probe original = OutputFolder.probe;
    OutputFolder.probe = folder -> {
      throw new java.nio.file.FileSystemException(folder.toString(), null, "No space left on device");
    };
    try {
      assertOneLineError(train(out), 1, "cannot write to --out " + out + ": No space left on device");
    } finally {
      OutputFolder.probe = original;
    }
    assertThat(out.resolve("metrics.csv")).doesNotExist();
  }

  @Test
  void theProbe_leavesNoFileBehind(@TempDir Path out) throws IOException {
    OutputFolder.prepare(out.resolve("new"), false);
    try (var files = Files.list(out.resolve("new"))) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void out_holdingARun_isRefusedUnlessOverwrite(@TempDir Path out) throws IOException {
    CliRunner first = train(out);
    assertThat(first.exitCode()).as(first.err()).isZero();
    String before = Files.readString(out.resolve("summary.json"));
    assertOneLineError(train(out, "--seed", "2"), 1, "--out " + out + " already holds a run (checkpoint.json, "
        + "summary.json, metrics.csv, checkpoints)", "--resume " + out + " to continue it", "--overwrite");
    assertThat(Files.readString(out.resolve("summary.json"))).isEqualTo(before);
    for (String file : List.of("metrics.csv", "summary.json")) {
      Path only = Files.createTempDirectory(out.getParent(), "one");
      Files.writeString(only.resolve(file), "");
      assertOneLineError(train(only), 1, "already holds a run (" + file + ")");
    }
    CliRunner again = train(out, "--seed", "2", "--overwrite");
    assertThat(again.exitCode()).as(again.err()).isZero();
    JsonNode replaced = JSON.readTree(out.resolve("summary.json").toFile());
    assertThat(replaced.get("seed").asLong()).isEqualTo(2);
    assertThat(org.gfn4j.core.run.TrainingCheckpoints.list(out)).isNotEmpty().allSatisfy(checkpoint -> assertThat(
        JSON.readTree(checkpoint.resolve("checkpoint.json").toFile()).get("runId").asText())
        .as("no checkpoint of the replaced run is left").isEqualTo(replaced.get("run_id").asText()));
  }

  @Test
  void everyOutput_carriesTheRunId(@TempDir Path out) throws IOException {
    CliRunner result = train(out, "--seed", "7");
    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
    String runId = summary.get("run_id").asText();
    assertThat(runId).matches("7-[0-9a-f]{12}");
    List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
    assertThat(metrics.get(0)).startsWith("iteration,loss,logz,elapsed_s,").endsWith(",run_id");
    assertThat(metrics.subList(1, metrics.size())).allSatisfy(row -> assertThat(row).endsWith("," + runId));
    assertThat(JSON.readTree(out.resolve("checkpoint.json").toFile()).get("runId").asText()).isEqualTo(runId);
    assertThat(org.gfn4j.core.run.TrainingCheckpoints.list(out)).isNotEmpty().allSatisfy(checkpoint -> assertThat(
        JSON.readTree(checkpoint.resolve("checkpoint.json").toFile()).get("runId").asText()).isEqualTo(runId));
    assertThat(Files.readAllLines(out.resolve(ConfigFile.FILE_NAME))).contains("# run id: " + runId);
    for (String picture : List.of(RunPictures.TRAINING, RunPictures.DISTRIBUTION)) {
      assertThat(RunPictures.runIdOf(out.resolve(picture))).as(picture).contains(runId);
    }
    Path other = out.resolveSibling(out.getFileName() + "-other");
    assertThat(train(other, "--seed", "7").exitCode()).isZero();
    assertThat(JSON.readTree(other.resolve("summary.json").toFile()).get("run_id").asText()).isEqualTo(runId);
    Path changed = out.resolveSibling(out.getFileName() + "-changed");
    assertThat(train(changed, "--seed", "7", "--lr", "0.01").exitCode()).isZero();
    assertThat(JSON.readTree(changed.resolve("summary.json").toFile()).get("run_id").asText())
        .startsWith("7-").isNotEqualTo(runId);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--buffer-kind prioritized|2|--buffer-kind prioritized applies to a replay buffer, but there is none; add "
          + "--replay-buffer N (N > 0) or remove --buffer-kind",
      "--env-opt ndim=3|2|--env-opt gives key 'ndim' 2 times (ndim=2, ndim=3); give each key once",
      "--loss-opt residual=linex --loss-opt residual=squared|2|--loss-opt gives key 'residual' 2 times",
      "--policy-opt hidden=4 --policy-opt hidden=5|2|--policy-opt gives key 'hidden' 2 times",
      "--reward-opt a=1 --reward-opt a=2|2|--reward-opt gives key 'a' 2 times",
      "--loss fm --uniform-pb|1|objective 'fm' uses no backward policy, so --uniform-pb does not apply; remove it"})
  void ignoredOptions_areRefused(String arguments, int code, String message, @TempDir Path out) {
    assertOneLineError(train(out, arguments.split(" ")), code, message);
    assertThat(out.resolve("metrics.csv")).doesNotExist();
  }

  /** Every built-in objective but fm reads LOG_PB (mdb too), so --uniform-pb applies to them. */
  @ParameterizedTest
  @CsvSource({"db", "mdb"})
  void uniformPb_withAnObjectiveThatReadsPb_isAccepted(String loss, @TempDir Path out) {
    CliRunner result = train(out, "--loss", loss, "--uniform-pb", "--replay-buffer", "8", "--buffer-kind",
        "prioritized");
    assertThat(result.exitCode()).as(result.err()).isZero();
  }

  @Test
  void anObjectiveWithoutLogZ_writesNullLogZ_andTheFinalLoss_andProvenance(@TempDir Path out) throws IOException {
    CliRunner result = train(out, "--loss", "db");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).doesNotContain("logZ 0.0");
    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.has("logz")).isTrue();
    assertThat(summary.get("logz").isNull()).isTrue();
    assertThat(summary.get("logz_error").isNull()).isTrue();
    assertThat(summary.get("logz_true").isNumber()).isTrue();
    assertThat(summary.get("final_loss").isNumber()).isTrue();
    assertThat(summary.get("last_loss").isNumber()).isTrue();
    List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
    List<String> header = List.of(metrics.get(0).split(",", -1));
    for (String row : metrics.subList(1, metrics.size())) {
      List<String> cells = List.of(row.split(",", -1));
      assertThat(cells.get(header.indexOf("logz"))).isEmpty();
      assertThat(cells.get(header.indexOf("logz_error"))).isEmpty();
    }
    String lastRow = metrics.get(metrics.size() - 1);
    assertThat(Double.parseDouble(lastRow.split(",")[1])).isCloseTo(summary.get("final_loss").asDouble(),
        org.assertj.core.api.Assertions.within(1e-5 * Math.max(1, summary.get("final_loss").asDouble())));
    assertThat(Files.readString(out.resolve("summary.json"))).doesNotContain("NaN", "Infinity");
    JsonNode provenance = summary.get("provenance");
    assertThat(provenance.get("java_version").asText()).isEqualTo(System.getProperty("java.version"));
    assertThat(provenance.get("java_vendor").asText()).isNotEmpty();
    assertThat(provenance.get("os_name").asText()).isEqualTo(System.getProperty("os.name"));
    assertThat(provenance.get("os_arch").asText()).isEqualTo(System.getProperty("os.arch"));
    assertThat(provenance.get("nd4j_version").asText()).matches("\\d+\\..*");
    assertThat(provenance.get("onnxruntime_version").asText()).matches("\\d+\\..*");
    assertThat(provenance.get("available_processors").asInt()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(provenance.has("omp_num_threads")).isTrue();
    assertThat(provenance.has("commit")).isTrue();
    if (Files.isDirectory(Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."), ".git"))
        || Files.isDirectory(Path.of("..", ".git"))) { // built from a git checkout: the build recorded its commit
      assertThat(provenance.get("commit").asText()).matches("[0-9a-f]{40}");
    }
    assertThat(provenance.get("reward_model_sha256").isNull()).isTrue();
    assertThat(provenance.get("prior_parameters_sha256").isNull()).isTrue();
  }

  @Test
  void tb_keepsItsLearnedLogZ(@TempDir Path out) throws IOException {
    assertThat(train(out).exitCode()).isZero();
    JsonNode summary = JSON.readTree(out.resolve("summary.json").toFile());
    assertThat(summary.get("logz").isNumber()).isTrue();
    assertThat(summary.get("logz_error").isNumber()).isTrue();
    assertThat(Files.readAllLines(out.resolve("metrics.csv")).get(1).split(",")[2]).isNotEmpty();
  }

  @Test
  void aPrior_isRecordedByTheHashOfItsParameters(@TempDir Path dir) throws IOException {
    Path prior = dir.resolve("prior");
    assertThat(train(prior).exitCode()).isZero();
    Path out = dir.resolve("rtb");
    CliRunner result = train(out, "--loss", "rtb", "--prior", prior.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(JSON.readTree(out.resolve("summary.json").toFile()).get("provenance")
        .get("prior_parameters_sha256").asText()).isEqualTo(Provenance.sha256(prior.resolve("parameters.bin")))
        .hasSize(64);
  }
}
