package org.gfn4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.gfn4j.core.run.CheckpointStore;
import org.gfn4j.core.run.TrainingCheckpoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gfn train --checkpoint-every} and {@code --resume} as users run them: a resumed run rewrites the outputs
 * of the run never stopped; a damaged or mismatched checkpoint fails in one line, and the previous one still
 * resumes; options that would change the run are refused.
 */
class ResumeCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<String> args(Path out, int iterations, String... extra) {
    List<String> args = new ArrayList<>(List.of("train", "--env-opt", "ndim=2", "--env-opt", "height=4",
        "--iterations", "" + iterations, "--batch-size", "4", "--eval-every", "20", "--hidden", "8", "--layers", "1",
        "--replay-buffer", "32", "--epsilon", "0.1", "--checkpoint-every", "20", "--no-progress", "--seed", "5",
        "--out", out.toString()));
    args.addAll(List.of(extra));
    return args;
  }

  private static CliRunner train(Path out, int iterations, String... extra) {
    CliRunner result = CliRunner.run(args(out, iterations, extra).toArray(String[]::new));
    assertThat(result.exitCode()).as(result.err()).isZero();
    return result;
  }

  private static CliRunner resume(String... args) {
    List<String> all = new ArrayList<>(List.of("train", "--no-progress", "--resume"));
    all.addAll(List.of(args));
    return CliRunner.run(all.toArray(String[]::new));
  }

  private static void assertOneLineError(CliRunner result, String... parts) {
    assertThat(result.exitCode()).as(result.err()).isNotZero();
    assertThat(result.err()).startsWith("gfn: error: ").contains(parts).doesNotContain("\tat ");
    assertThat(result.err().lines().count()).as(result.err()).isLessThanOrEqualTo(2);
  }

  private static Path checkpoint(Path run, int iteration) {
    return run.resolve(TrainingCheckpoints.FOLDER).resolve(String.format("iteration-%06d", iteration));
  }

  /** The run's outputs that must not depend on interruptions: timings and the resume note left out. */
  static String comparable(Path run) throws IOException {
    ObjectNode summary = (ObjectNode) JSON.readTree(run.resolve("summary.json").toFile());
    summary.remove(List.of("ms_per_iteration", "trajectories_per_second", "elapsed_s", "resumed_from"));
    StringBuilder text = new StringBuilder(summary.toPrettyString()).append('\n');
    for (String row : Files.readAllLines(run.resolve("metrics.csv"))) {
      String[] cells = row.split(",", -1);
      cells[3] = "";
      text.append(String.join(",", cells)).append('\n');
    }
    text.append(Files.readString(run.resolve(CheckpointStore.METADATA)));
    text.append(java.util.HexFormat.of().formatHex(Files.readAllBytes(run.resolve(CheckpointStore.PARAMETERS))));
    return text.toString();
  }

  @Test
  void aRunTrainedLonger_keepsItsIdAndCheckpoints_andRefusesNothingLeft(@TempDir Path dir) throws IOException {
    Path run = dir.resolve("run");
    train(run, 40);
    assertThat(TrainingCheckpoints.list(run)).containsExactly(checkpoint(run, 20), checkpoint(run, 40));
    String runId = JSON.readTree(run.resolve("summary.json").toFile()).get("run_id").asText();

    assertOneLineError(resume(run.toString()), "has trained 40 iterations of its 40", "ask for more iterations");
    CliRunner longer = resume(run.toString(), "--iterations", "80");
    assertThat(longer.exitCode()).as(longer.err()).isZero();
    assertThat(longer.out()).contains("80 iterations");
    assertThat(TrainingCheckpoints.list(run)).as("the newest two are kept")
        .containsExactly(checkpoint(run, 60), checkpoint(run, 80));
    var summary = JSON.readTree(run.resolve("summary.json").toFile());
    assertThat(summary.get("iterations").asInt()).isEqualTo(80);
    assertThat(summary.get("resumed_from").asInt()).isEqualTo(40);
    assertThat(summary.get("run_id").asText()).isEqualTo(runId);
    assertThat(Files.readAllLines(run.resolve("metrics.csv"))).extracting(line -> line.split(",")[0])
        .containsExactly("iteration", "20", "40", "60", "80");
    assertThat(Files.readString(run.resolve(ConfigFile.FILE_NAME))).contains("iterations: 80");
  }

  @Test
  void resumingFromAnEarlierCheckpoint_rewritesTheOutputsOfTheRunNeverStopped(@TempDir Path dir)
      throws IOException {
    Path whole = dir.resolve("whole");
    train(whole, 60);
    Path run = dir.resolve("run");
    train(run, 60);
    String expected = comparable(whole);
    // as if the run had been killed just after its checkpoint at 40: resume from that one
    CliRunner resumed = resume(checkpoint(run, 40).toString());
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(JSON.readTree(run.resolve("summary.json").toFile()).get("resumed_from").asInt()).isEqualTo(40);
    assertThat(comparable(run)).isEqualTo(expected);
  }

  @Test
  void aRunWithAModeThreshold_resumesWithIt(@TempDir Path dir) throws IOException {
    Path whole = dir.resolve("whole");
    train(whole, 40, "--mode-threshold", "0.1");
    Path run = dir.resolve("run");
    train(run, 40, "--mode-threshold", "0.1");
    String expected = comparable(whole);
    // every state of the 4x4 grid reaches R0 = 0.1, where only the 4 corners reach the highest reward
    assertThat(expected).contains("\"modeThreshold\" : 0.1", "\"modes_total\" : 16");
    assertThat(resume(checkpoint(run, 20).toString()).exitCode()).isZero();
    assertThat(comparable(run)).isEqualTo(expected);
    assertOneLineError(resume(run.toString(), "--iterations", "60", "--mode-threshold", "1"),
        "--mode-threshold cannot change it");
  }

  @Test
  void optionsThatWouldChangeTheRun_areRefused(@TempDir Path dir) {
    Path run = dir.resolve("run");
    train(run, 20);
    assertOneLineError(resume(run.toString(), "--iterations", "40", "--lr", "0.01", "--seed", "2"),
        "--resume continues the run recorded in " + run, "--lr, --seed cannot change it");
    assertOneLineError(resume(dir.resolve("nothing").toString()), "no training checkpoint in " + dir.resolve(
        "nothing"));
    assertOneLineError(CliRunner.run("train", "--no-progress"), "give --out DIR", "--resume DIR");
  }

  @Test
  void aDamagedNewestCheckpoint_failsInOneLine_andThePreviousOneStillResumes(@TempDir Path dir) throws IOException {
    Path run = dir.resolve("run");
    train(run, 40);
    Path newest = checkpoint(run, 40);
    Path state = newest.resolve(TrainingCheckpoints.STATE);
    byte[] bytes = Files.readAllBytes(state);
    Files.write(state, java.util.Arrays.copyOf(bytes, bytes.length / 2));
    assertOneLineError(resume(run.toString(), "--iterations", "60"), "corrupt checkpoint " + state,
        "the previous checkpoint " + checkpoint(run, 20) + " (iteration 20) is intact");

    CliRunner previous = resume(checkpoint(run, 20).toString(), "--iterations", "60");
    assertThat(previous.exitCode()).as(previous.err()).isZero();
    assertThat(JSON.readTree(run.resolve("summary.json").toFile()).get("iterations").asInt()).isEqualTo(60);
  }

  @Test
  void anEditedCheckpointJson_failsOnItsChecksum(@TempDir Path dir) throws IOException {
    Path run = dir.resolve("run");
    train(run, 40);
    Path metadata = checkpoint(run, 40).resolve(CheckpointStore.METADATA);
    String text = Files.readString(metadata);
    Files.writeString(metadata, text.replace("\"learningRate\" : 0.001", "\"learningRate\" : 0.01"));
    assertThat(Files.readString(metadata)).isNotEqualTo(text);
    assertOneLineError(resume(run.toString(), "--iterations", "60"), "corrupt checkpoint " + metadata,
        "its checksum does not match its text");

    Files.writeString(metadata, text.replaceFirst("\"checksum\" : \\d+", "\"checksum\" : 12345"));
    assertOneLineError(resume(run.toString(), "--iterations", "60"), "corrupt checkpoint " + metadata,
        "its checksum does not match its text");
  }

  @Test
  void parametersOfAnotherShape_failInOneLine_namingTheBlock(@TempDir Path dir) throws IOException {
    Path run = dir.resolve("run");
    train(run, 20);
    Path other = dir.resolve("other");
    CliRunner wider = CliRunner.run(args(other, 20).stream().map(a -> a.equals("8") ? "16" : a)
        .toArray(String[]::new));
    assertThat(wider.exitCode()).as(wider.err()).isZero();
    Path target = checkpoint(run, 20);
    byte[] foreign = Files.readAllBytes(checkpoint(other, 20).resolve(CheckpointStore.PARAMETERS));
    Files.write(target.resolve(CheckpointStore.PARAMETERS), foreign);
    // make the checksums consistent, so that only the shape is wrong
    Path metadata = target.resolve(CheckpointStore.METADATA);
    String text = Files.readString(metadata).replaceFirst("\"parametersCrc\" : \\d+", "\"parametersCrc\" : "
        + crc(foreign)).replaceFirst("\"checksum\" : \\d+", "\"checksum\" : 0");
    Files.writeString(metadata, text.replace("\"checksum\" : 0", "\"checksum\" : "
        + crc(text.getBytes(StandardCharsets.UTF_8))));
    assertOneLineError(resume(run.toString(), "--iterations", "40"),
        "corrupt checkpoint " + target.resolve(CheckpointStore.PARAMETERS), "values where the model has");
  }

  private static long crc(byte[] bytes) {
    CRC32 crc = new CRC32();
    crc.update(bytes);
    return crc.getValue();
  }
}
