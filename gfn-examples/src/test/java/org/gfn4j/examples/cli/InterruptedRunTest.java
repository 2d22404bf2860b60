package org.gfn4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gfn4j.core.backend.SmallProducts;
import org.gfn4j.core.run.TrainingCheckpoints;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real training process stopped by a signal: SIGTERM saves a checkpoint at the iteration it stopped at and exits;
 * SIGKILL loses only the work since the last periodic checkpoint; either way {@code --resume} ends with the very
 * outputs (parameters byte for byte, metrics, summary) of the run never stopped.
 */
class InterruptedRunTest {
  private static final Duration START_LIMIT = Duration.ofSeconds(60);
  private static final int CHECKPOINT_EVERY = 400;

  @TempDir
  static Path shared;
  private static String uninterrupted;

  private static List<String> args(Path out) {
    return List.of("train", "--env-opt", "ndim=2", "--env-opt", "height=8", "--iterations", "8000",
        "--batch-size", "16", "--hidden", "32", "--layers", "2", "--eval-every", "1000", "--replay-buffer", "64",
        "--checkpoint-every", "" + CHECKPOINT_EVERY, "--no-progress", "--seed", "9", "--out", out.toString());
  }

  @BeforeAll
  static void trainTheRunNeverStopped() throws IOException {
    Path whole = shared.resolve("whole");
    CliRunner result = CliRunner.run(args(whole).toArray(String[]::new));
    assertThat(result.exitCode()).as(result.err()).isZero();
    uninterrupted = ResumeCliTest.comparable(whole);
  }

  /** Starts {@code gfn train} in its own JVM and waits until its first periodic checkpoint exists. */
  private static Process startAndAwaitCheckpoint(Path out, Path log) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-cp", System.getProperty("java.class.path")));
    if (SmallProducts.available()) { // the same products as this JVM's, so the same numbers
      command.addAll(List.of("--add-modules", "jdk.incubator.vector"));
    }
    command.add(GfnCli.class.getName());
    command.addAll(args(out));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    Path first = out.resolve(TrainingCheckpoints.FOLDER).resolve(String.format("iteration-%06d", CHECKPOINT_EVERY));
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    while (!Files.isDirectory(first) && process.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(process.isAlive()).as("the run is still training at its first checkpoint: " + Files.readString(log))
        .isTrue();
    return process;
  }

  private static void resumeAndCompare(Path out) throws IOException {
    CliRunner resumed = CliRunner.run("train", "--resume", out.toString(), "--no-progress");
    assertThat(resumed.exitCode()).as(resumed.err()).isZero();
    assertThat(ResumeCliTest.comparable(out)).isEqualTo(uninterrupted);
  }

  @Test
  void sigterm_savesACheckpointWhereItStopped_andTheResumedRunEqualsTheWholeOne(@TempDir Path dir)
      throws IOException, InterruptedException {
    Path out = dir.resolve("run");
    Path log = dir.resolve("log.txt");
    Process process = startAndAwaitCheckpoint(out, log);
    process.destroy(); // SIGTERM
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String printed = Files.readString(log);
    assertThat(process.exitValue()).as(printed).isEqualTo(143);
    assertThat(printed).contains("gfn: interrupted after iteration ", "continue with: gfn train --resume " + out);
    int stoppedAt = Integer.parseInt(printed.replaceAll("(?s).*interrupted after iteration (\\d+).*", "$1"));
    assertThat(TrainingCheckpoints.list(out)).last().satisfies(newest -> assertThat(newest.getFileName())
        .hasToString(String.format("iteration-%06d", stoppedAt)));
    resumeAndCompare(out);
  }

  @Test
  void sigkill_losesOnlyTheWorkSinceTheLastCheckpoint(@TempDir Path dir) throws IOException, InterruptedException {
    Path out = dir.resolve("run");
    Process process = startAndAwaitCheckpoint(out, dir.resolve("log.txt"));
    process.destroyForcibly(); // SIGKILL: no hook runs
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isEqualTo(137);
    List<Path> checkpoints = TrainingCheckpoints.list(out);
    assertThat(checkpoints).isNotEmpty().allSatisfy(checkpoint -> assertThat(
        Integer.parseInt(checkpoint.getFileName().toString().substring("iteration-".length())) % CHECKPOINT_EVERY)
        .isZero());
    resumeAndCompare(out);
  }
}
