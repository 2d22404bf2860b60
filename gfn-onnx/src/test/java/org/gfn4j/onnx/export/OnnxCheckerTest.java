package org.gfn4j.onnx.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.gfn4j.core.run.PluginChoice;
import org.gfn4j.core.run.TrainingRun;
import org.gfn4j.onnx.testing.Runs;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exported files pass the checker of another tool: {@code onnx.checker.check_model(..., full_check=True)} of the
 * ONNX Python package (Debian's {@code python3-onnx}, run by {@code /usr/bin/python3}), which also runs strict
 * shape inference. Skipped locally when that package is missing; on CI ({@code CI=true}) a missing package fails.
 */
class OnnxCheckerTest {
  private static final String PYTHON = "/usr/bin/python3";
  private static final String CHECK = "import sys, onnx\n"
      + "for path in sys.argv[1:]:\n"
      + "    onnx.checker.check_model(onnx.load(path), full_check=True)\n"
      + "print('onnx', onnx.__version__, 'checked', len(sys.argv) - 1)\n";

  @TempDir
  Path folder;

  @Test
  void exportedFiles_passTheOnnxChecker() throws Exception {
    requirePythonOnnx();
    TrainingRun withPb = Runs.trained(Runs.spec(2, 8, 32, 2, "elu", false, PluginChoice.of("env"), 3, 8, 1));
    TrainingRun uniformPb = Runs.trained(Runs.spec(3, 5, 16, 1, "leaky_relu", true, PluginChoice.of("env"), 3, 8, 2));
    Path first = folder.resolve("with-pb.onnx");
    Path second = folder.resolve("uniform-pb.onnx");
    PolicyExporter.write(first, withPb, 3);
    PolicyExporter.write(second, uniformPb, 3);
    Result result = python(List.of(PYTHON, "-c", CHECK, first.toString(), second.toString()));
    System.out.print("onnx checker: " + result.output());
    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).contains("checked 2");
  }

  private static void requirePythonOnnx() throws Exception {
    boolean available;
    try {
      available = python(List.of(PYTHON, "-c", "import onnx")).exitCode() == 0;
    } catch (IOException e) {
      available = false;
    }
    if (!available) {
      if ("true".equalsIgnoreCase(System.getenv("CI"))) {
        fail("CI=true but " + PYTHON + " cannot import onnx: install python3-onnx (.ci/run does)");
      }
      Assumptions.abort(PYTHON + " cannot import onnx (apt-get install python3-onnx to run this check)");
    }
  }

  private record Result(int exitCode, String output) {}

  private static Result python(List<String> command) throws IOException, InterruptedException {
    Path log = Files.createTempFile("onnx-checker", ".log");
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        fail(String.join(" ", command.subList(0, 2)) + " did not finish within 60 s");
      }
      return new Result(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    } finally {
      Files.deleteIfExists(log);
    }
  }
}
