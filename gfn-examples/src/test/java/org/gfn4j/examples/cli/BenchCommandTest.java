package org.gfn4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bench's tables: their rows, numbers that fit together, and its refusals (tiny budgets: no timing claims). */
class BenchCommandTest {
  /** The cells of the table row starting with {@code prefix}. */
  private static String[] row(CliRunner result, String prefix) {
    List<String> rows = result.out().lines().filter(line -> line.startsWith(prefix)).toList();
    assertThat(rows).as(result.out()).hasSize(1);
    return Arrays.stream(rows.get(0).split("\\|")).map(String::trim).filter(cell -> !cell.isEmpty())
        .toArray(String[]::new);
  }

  @Test
  void timing_printsMedianSpreadPhasesFlopsAndRepeats_andTheMemoryFootprint() {
    CliRunner result = CliRunner.run("bench", "--ndim", "2", "--height", "4", "--batch", "4", "--warmup", "2",
        "--iterations", "6", "--repeats", "2", "--memory-every", "4");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("sgemm 512^3 float", "medians of 2 runs", "means of 2 runs", "peak RSS")
        .containsPattern("memory at iteration 4: RSS \\d+ MiB, heap used \\d+ MiB");
    String[] cells = row(result, "| HyperGrid 2x4 | 4 |");
    double median = Double.parseDouble(cells[2]);
    String[] spread = cells[3].split("-");
    assertThat(Double.parseDouble(spread[0])).isPositive().isLessThanOrEqualTo(median);
    assertThat(Double.parseDouble(spread[1])).isGreaterThanOrEqualTo(median);
    // the median is printed to 0.01 ms: allow for its rounding
    assertThat(Double.parseDouble(cells[5])).as("trajectories/s = batch / median").isCloseTo(4000 / median,
        withinPercentage(100 * 0.006 / median + 0.5));
    int phases = Arrays.stream(cells[6].split("/")).mapToInt(share -> Integer.parseInt(share.trim())).sum();
    assertThat(phases).as("phase shares in percent").isBetween(97, 103);
    assertThat(Double.parseDouble(cells[7])).as("estimator GFLOP/s").isPositive();
    assertThat(cells[9]).matches("[0-9.]+ \\([0-9.]+-[0-9.]+\\)");
    assertThat(cells[10]).matches("[0-9.]+ \\([0-9.]+-[0-9.]+\\)");
  }

  @Test
  void sampling_timesTheNd4jAndTheOnnxSamplers() {
    CliRunner result = CliRunner.run("bench", "--sampling", "--ndim", "2", "--height", "4", "--batch", "8",
        "--iterations", "3", "--rounds", "1");
    assertThat(result.exitCode()).as(result.err()).isZero();
    for (String sampler : List.of("ND4J", "ONNX Runtime")) {
      String[] cells = row(result, "| HyperGrid 2x4 | 8 | " + sampler + " |");
      double ms = Double.parseDouble(cells[3]);
      assertThat(ms).as("ms per batch").isPositive();
      // ms per batch is printed to 0.1 ms and trajectories/s to 1: the time trajectories/s implies rounds to the
      // printed ms (a percentage of the printed ms would not bound it: 0.151 ms prints as 0.2, 32% off)
      assertThat(8000 / Double.parseDouble(cells[4])).as("batch / trajectories/s = the printed ms per batch")
          .isCloseTo(ms, within(0.05 + 1e-3));
    }
  }

  @Test
  void objectives_printTheExactL1EachReaches() {
    CliRunner result = CliRunner.run("bench", "--objectives", "tb,db", "--ndim", "2", "--height", "4", "--batch",
        "4", "--iterations", "5");
    assertThat(result.exitCode()).as(result.err()).isZero();
    for (String objective : List.of("tb", "db")) {
      String[] cells = row(result, "| " + objective + " | HyperGrid 2x4 | 4 |");
      assertThat(Double.parseDouble(cells[3])).as("exact L1").isBetween(0.0, 2.0);
    }
  }

  @Test
  void nonsensicalBudgets_areRefusedAsUsageErrors() {
    for (String[] args : List.of(new String[] {"--iterations", "0"}, new String[] {"--repeats", "0"},
        new String[] {"--batch", "16,0"}, new String[] {"--height", "1"})) {
      String[] command = new String[args.length + 1];
      command[0] = "bench";
      System.arraycopy(args, 0, command, 1, args.length);
      CliRunner result = CliRunner.run(command);
      assertThat(result.exitCode()).as(String.join(" ", args)).isEqualTo(ErrorHandler.USAGE);
      assertThat(result.err()).contains("gfn: error: " + args[0] + " must be at least");
    }
  }
}
