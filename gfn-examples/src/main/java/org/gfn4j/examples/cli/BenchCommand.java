package org.gfn4j.examples.cli;

import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gfn4j.core.optim.AdamSettings;
import org.gfn4j.core.run.PluginChoice;
import org.gfn4j.core.run.RunFactory;
import org.gfn4j.core.run.RunSpec;
import org.gfn4j.core.sampling.Exploration;
import org.gfn4j.core.train.IterationReport;
import org.gfn4j.core.train.TrainingConfig;
import org.gfn4j.core.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gfn bench}: times the training loop on HyperGrid (TB, MLP 256 wide with 2 hidden layers, Adam lr 1e-3 /
 * lr_Z 0.1, on-policy) and prints a table of milliseconds per iteration and trajectories per second.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Time training iterations on HyperGrid (TB, MLP 256x2) and print a table.")
final class BenchCommand implements Callable<Integer> {
  private final RunFactory factory;

  @Spec
  private CommandSpec spec;

  @Option(names = "--ndim", split = ",", defaultValue = "2,4", description = "HyperGrid dimensions. Default: ${DEFAULT-VALUE}.")
  private int[] dimensions;

  @Option(names = "--height", defaultValue = "8", description = "HyperGrid height. Default: ${DEFAULT-VALUE}.")
  private int height;

  @Option(names = "--batch", split = ",", defaultValue = "16,128", description = "Batch sizes. Default: ${DEFAULT-VALUE}.")
  private int[] batches;

  @Option(names = "--warmup", defaultValue = "100", description = "Untimed iterations first. Default: ${DEFAULT-VALUE}.")
  private int warmup;

  @Option(names = "--iterations", defaultValue = "500", description = "Timed iterations. Default: ${DEFAULT-VALUE}.")
  private int iterations;

  @Option(names = "--seed", defaultValue = "1", description = "Seed. Default: ${DEFAULT-VALUE}.")
  private long seed;

  @Option(names = "--verbose", description = "Show stack traces of errors.")
  private boolean verbose;

  @Inject
  BenchCommand(RunFactory factory) {
    this.factory = factory;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "gfn4j bench: TB, MLP 256x2 (relu), Adam lr 1e-3 / lr_Z 0.1, on-policy; %d warm-up + %d "
        + "timed iterations%n", warmup, iterations);
    out.printf(Locale.ROOT, "machine: %d cores, %s, Java %s, OMP_NUM_THREADS=%s%n",
        Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"), System.getProperty("java.version"),
        System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
    out.println();
    out.println("| environment | batch | ms/iter median | ms/iter p10-p90 | ms/iter mean | trajectories/s |");
    out.println("|---|---|---|---|---|---|");
    for (int ndim : dimensions) {
      for (int batch : batches) {
        double[] ms = time(ndim, batch);
        double[] sorted = ms.clone();
        Arrays.sort(sorted);
        double median = percentile(sorted, 0.5);
        double mean = Arrays.stream(ms).average().orElse(Double.NaN);
        out.printf(Locale.ROOT, "| HyperGrid %dx%d | %d | %.2f | %.2f-%.2f | %.2f | %.0f |%n", ndim, height, batch, median,
            percentile(sorted, 0.1), percentile(sorted, 0.9), mean, batch * 1000 / median);
        out.flush();
      }
    }
    return 0;
  }

  private double[] time(int ndim, int batch) {
    TrainingConfig training = new TrainingConfig(warmup + iterations, batch, 1e-3, 0.1, 0, AdamSettings.DEFAULTS,
        Exploration.NONE, 0, seed);
    RunSpec runSpec = new RunSpec(
        new PluginChoice("hypergrid", Map.of("ndim", "" + ndim, "height", "" + height)),
        new PluginChoice("mlp", Map.of("hidden", "256", "layers", "2")),
        new PluginChoice("mlp", Map.of("hidden", "256", "layers", "2")), PluginChoice.of("tb"), PluginChoice.of("env"),
        training, 0);
    List<Double> timings = new ArrayList<>();
    factory.create(runSpec).trainer(List.of(new TrainingListener() {
      @Override
      public void onIteration(IterationReport report) {
        if (report.iteration() > warmup) {
          timings.add(report.iterationNanos() / 1e6);
        }
      }
    })).run();
    return timings.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double percentile(double[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
  }
}
