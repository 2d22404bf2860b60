package org.gfn4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.inject.Guice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.gfn4j.core.plugin.PluginModule;
import org.gfn4j.core.plugin.PluginRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gfn train --config}, the {@code config.yaml} of every run, and the examples of every {@code --help}. */
class ConfigFileTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Summary fields that depend on the clock or the machine, not on the run. */
  private static final List<String> TIMINGS = List.of("elapsed_s", "ms_per_iteration", "trajectories_per_second",
      "provenance");

  private static CliRunner run(List<String> args) {
    return CliRunner.run(args.toArray(String[]::new));
  }

  private static JsonNode metrics(Path out) throws IOException {
    ObjectNode summary = (ObjectNode) JSON.readTree(out.resolve("summary.json").toFile());
    summary.remove(TIMINGS);
    return summary;
  }

  private static void assertOneLineError(CliRunner result, int code, String... parts) {
    assertThat(result.exitCode()).as(result.err()).isEqualTo(code);
    assertThat(result.err()).startsWith("gfn: error: ").contains(parts).doesNotContain("\tat ");
    assertThat(result.err().lines().count()).isEqualTo(1);
  }

  @Test
  void configYaml_replaysTheRunExactly(@TempDir Path dir) throws IOException {
    Path first = dir.resolve("first");
    CliRunner trained = run(List.of("train", "--env", "hypergrid", "--env-opt", "ndim=2", "--env-opt", "height=8",
        "--iterations", "20", "--batch-size", "4", "--eval-every", "10", "--hidden", "8", "--layers", "1",
        "--lr", "0.003", "--seed", "5", "--no-progress", "--out", first.toString()));
    assertThat(trained.exitCode()).as(trained.err()).isZero();
    Path config = first.resolve(ConfigFile.FILE_NAME);
    assertThat(Files.readString(config)).contains("env: hypergrid", "ndim: ", "height: ", "iterations: 20",
        "batch-size: 4", "seed: 5", "loss: tb", "temperature: 1.0", "out: " + first);

    Path second = dir.resolve("second");
    CliRunner replayed = run(List.of("train", "--config", config.toString(), "--out", second.toString()));
    assertThat(replayed.exitCode()).as(replayed.err()).isZero();
    assertThat(metrics(second)).isEqualTo(metrics(first));
    assertThat(Files.readAllBytes(second.resolve("parameters.bin")))
        .isEqualTo(Files.readAllBytes(first.resolve("parameters.bin")));

    CliRunner again = run(List.of("train", "--config=" + config, "--overwrite"));
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(Files.readAllBytes(first.resolve("parameters.bin")))
        .isEqualTo(Files.readAllBytes(second.resolve("parameters.bin")));
  }

  @Test
  void aModeThreshold_isSavedInConfigYaml_andReplayed_andCountsModesWhereTheEnvironmentDeclaresNone(@TempDir Path dir)
      throws IOException {
    List<String> bitseq = List.of("train", "--env", "bitseq", "--iterations", "2", "--batch-size", "2",
        "--eval-every", "0", "--hidden", "8", "--layers", "1", "--seed", "4", "--no-progress");
    Path plain = dir.resolve("plain");
    CliRunner without = run(concat(bitseq, "--out", plain.toString()));
    assertThat(without.exitCode()).as(without.err()).isZero();
    assertThat(metrics(plain).get("modes_found").isNull()).as("bitseq declares no mode threshold").isTrue();
    assertThat(Files.readString(plain.resolve("checkpoint.json"))).doesNotContain("modeThreshold");

    Path first = dir.resolve("first");
    CliRunner given = run(concat(bitseq, "--mode-threshold", "1e-300", "--out", first.toString()));
    assertThat(given.exitCode()).as(given.err()).isZero();
    JsonNode summary = metrics(first);
    assertThat(summary.get("modes_found").asInt()).as("every sequence reaches the threshold").isPositive();
    assertThat(summary.get("run_id").asText()).isNotEqualTo(metrics(plain).get("run_id").asText());
    Path config = first.resolve(ConfigFile.FILE_NAME);
    assertThat(Files.readString(config)).contains("mode-threshold: 1.0E-300");
    assertThat(Files.readString(first.resolve("checkpoint.json"))).contains("\"modeThreshold\" : 1.0E-300");

    Path second = dir.resolve("second");
    CliRunner replayed = run(List.of("train", "--config", config.toString(), "--out", second.toString()));
    assertThat(replayed.exitCode()).as(replayed.err()).isZero();
    assertThat(metrics(second)).isEqualTo(summary);
  }

  private static List<String> concat(List<String> first, String... more) {
    List<String> all = new ArrayList<>(first);
    all.addAll(List.of(more));
    return all;
  }

  @Test
  void commandLine_overridesTheFile_keyByKey(@TempDir Path dir) throws IOException {
    Path config = Files.writeString(dir.resolve("run.yaml"), """
        env: hypergrid
        env-opt: {ndim: 2, height: 4}
        iterations: 5
        batch-size: 4
        eval-every: 0
        hidden: 8
        layers: 1
        no-progress: true
        tied: false
        """);
    Path out = dir.resolve("out");
    CliRunner result = run(List.of("train", "--config", config.toString(), "--env-opt", "height=3",
        "--iterations", "3", "--out", out.toString()));
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err()).doesNotContain("%");
    JsonNode summary = metrics(out);
    assertThat(summary.get("iterations").asInt()).isEqualTo(3);
    assertThat(summary.get("env_options").get("height").asText()).isEqualTo("3");
    assertThat(summary.get("env_options").get("ndim").asText()).isEqualTo("2");
    String saved = Files.readString(out.resolve(ConfigFile.FILE_NAME));
    assertThat(saved).contains("iterations: 3", "height: 3", "no-progress: true").doesNotContain("overwrite");
  }

  @Test
  void unknownKey_failsInOneLine_namingTheKeyTheFileAndTheAcceptedKeys(@TempDir Path dir) throws IOException {
    Path config = Files.writeString(dir.resolve("run.yaml"), "env: hypergrid\nitrations: 5\n");
    CliRunner result = run(List.of("train", "--config", config.toString(), "--out", dir.resolve("o").toString()));
    assertOneLineError(result, 2, "unknown key 'itrations'", config.toString(), "accepted keys: env, env-opt",
        "iterations", "batch-size");
  }

  @Test
  void malformedFile_failsInOneLine_namingTheFileTheLineAndTheProblem(@TempDir Path dir) throws IOException {
    Path config = Files.writeString(dir.resolve("run.yaml"), "env: hypergrid\niterations: [5\nseed: 1\n");
    CliRunner result = run(List.of("train", "--config", config.toString(), "--out", dir.resolve("o").toString()));
    assertOneLineError(result, 2, "malformed --config " + config, "line ");

    Path duplicate = Files.writeString(dir.resolve("twice.yaml"), "seed: 1\nseed: 2\n");
    assertOneLineError(run(List.of("train", "--config", duplicate.toString(), "--out", dir.toString())), 2,
        duplicate.toString(), "line 2", "seed");

    Path missing = dir.resolve("missing.yaml");
    assertOneLineError(run(List.of("train", "--config", missing.toString(), "--out", dir.toString())), 2,
        "cannot read --config " + missing);

    Path list = Files.writeString(dir.resolve("list.yaml"), "- env\n- hypergrid\n");
    assertOneLineError(run(List.of("train", "--config", list.toString(), "--out", dir.toString())), 2,
        list.toString(), "expected a map of option names to values");

    Path conditions = Files.writeString(dir.resolve("conditions.yaml"), "eval-conditions: [0, 1]\n");
    assertOneLineError(run(List.of("train", "--config", conditions.toString(), "--out", dir.toString())), 1,
        "evaluation conditions [0.0, 1.0] apply to conditional environments");

    assertOneLineError(run(List.of("train", "--config", list.toString(), "--config", list.toString(), "--out",
        dir.toString())), 2, "--config is given twice");

    Path wrongType = Files.writeString(dir.resolve("flag.yaml"), "tied: 3\n");
    assertOneLineError(run(List.of("train", "--config", wrongType.toString(), "--out", dir.toString())), 2,
        "key 'tied' in " + wrongType, "true or false");
  }

  /** The example lines after "Example(s):" in a command's help. */
  private static List<List<String>> examples(String help) {
    List<List<String>> examples = new ArrayList<>();
    boolean inExamples = false;
    for (String line : help.lines().toList()) {
      if (line.startsWith("Example")) {
        inExamples = true;
      } else if (inExamples && !line.isBlank()) {
        assertThat(line).as("an example on one line").startsWith("  gfn ");
        examples.add(List.of(line.strip().substring("gfn ".length()).split(" ")));
      }
    }
    return examples;
  }

  @Test
  void everyHelp_showsExamplesThatParse() {
    CommandLine commandLine = new CommandLine(new GfnCli(),
        new GuiceFactory(Guice.createInjector(new PluginModule(PluginRegistry.discover()))));
    List<String> commands = List.of("list", "train", "evaluate", "export", "sample", "bench");
    List<List<String>> all = new ArrayList<>();
    CliRunner root = CliRunner.run("--help");
    assertThat(root.exitCode()).isZero();
    assertThat(examples(root.out())).as(root.out()).isNotEmpty();
    all.addAll(examples(root.out()));
    for (String command : commands) {
      CliRunner help = CliRunner.run(command, "--help");
      assertThat(help.exitCode()).isZero();
      List<List<String>> examples = examples(help.out());
      assertThat(examples).as(help.out()).isNotEmpty().allSatisfy(args -> assertThat(args).first()
          .isEqualTo(command));
      all.addAll(examples);
    }
    for (List<String> args : all) {
      CommandLine.ParseResult parsed = commandLine.parseArgs(args.toArray(String[]::new));
      assertThat(parsed.hasSubcommand()).as(String.join(" ", args)).isTrue();
      assertThat(parsed.subcommand().unmatched()).as(String.join(" ", args)).isEmpty();
    }
  }

  @Test
  void examples_run(@TempDir Path dir) {
    assertThat(CliRunner.run("list").exitCode()).isZero();
    for (String command : List.of("train", "evaluate", "export", "sample")) {
      for (List<String> example : examples(CliRunner.run(command, "--help").out())) {
        List<String> args = new ArrayList<>();
        for (String arg : example) {
          args.add(arg.startsWith("runs/") || arg.endsWith(".onnx") || arg.endsWith(".csv")
              ? dir.resolve(arg).toString() : arg);
        }
        if (command.equals("train") && example.contains("--resume")) {
          args.add("--no-progress"); // the resumed run keeps the small settings it was started with
        } else if (command.equals("train")) {
          args.addAll(List.of("--iterations", "3", "--batch-size", "2", "--hidden", "8", "--layers", "1",
              "--no-progress"));
        }
        CliRunner result = run(args);
        assertThat(result.exitCode()).as(args + "\n" + result.err()).isZero();
      }
    }
    assertThat(dir.resolve("runs/hg-again/parameters.bin")).isRegularFile();
    assertThat(dir.resolve("samples.csv")).isRegularFile();
  }
}
