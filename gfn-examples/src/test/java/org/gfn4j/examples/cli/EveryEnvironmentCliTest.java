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
}
