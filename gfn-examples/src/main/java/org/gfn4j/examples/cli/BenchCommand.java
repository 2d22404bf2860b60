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
 * lr_Z 0.1, on-policy) and prints a table of milliseconds per iteration and trajectories per second; with
 * {@code --objectives}, trains each objective for the given budget instead and prints the exact L1 it reached.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Time training iterations on HyperGrid (TB, MLP 256x2) and print a table; with --objectives, "
        + "print the exact L1 each objective reaches at a fixed budget.")
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

  @Option(names = "--objectives", split = ",", description = "Objectives to train to convergence (e.g. "
      + "tb,db,subtb,fm,mdb,zvar); with --iterations as the budget, lr and batch from --lr and --batch.")
  private List<String> objectives;

  @Option(names = "--lr", defaultValue = "1e-3", description = "Learning rate with --objectives. Default: ${DEFAULT-VALUE}.")
  private double learningRate;

  @Option(names = "--verbose", description = "Show stack traces of errors.")
  private boolean verbose;

  @Inject
  BenchCommand(RunFactory factory) {
    this.factory = factory;
  }

  @Override
  public Integer call() {
    return objectives == null ? timing() : convergence();
  }

  private int convergence() {
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "gfn4j objectives: HyperGrid height %d, MLP 256x2, Adam lr %s (lr_Z 0.1 where learned), "
        + "%d iterations, seed %d; exact L1 of the learned terminal distribution%n%n", height, learningRate,
        iterations, seed);
    out.println("| objective | environment | batch | exact L1 | JSD | log Z error | ms/iter |");
    out.println("|---|---|---|---|---|---|---|");
    for (String objective : objectives) {
      for (int ndim : dimensions) {
        for (int batch : batches) {
          TrainingConfig training = new TrainingConfig(iterations, batch, learningRate, null, 0,
              AdamSettings.DEFAULTS, Exploration.NONE, org.gfn4j.core.replay.ReplayConfig.NONE, 0, seed);
          var run = factory.create(new RunSpec(hyperGrid(ndim), MLP, MLP, PluginChoice.of(objective),
              PluginChoice.of("env"), training, 0));
          var result = run.trainer(List.of()).run();
          var e = result.evaluation().orElseThrow();
          out.printf(Locale.ROOT, "| %s | HyperGrid %dx%d | %d | %.4f | %.2e | %s | %.2f |%n", objective, ndim,
              height, batch, e.l1(), e.jsd(), run.model().learnsLogZ() ? String.format(Locale.ROOT, "%.4f",
                  e.logZError()) : "-", result.msPerIteration());
          out.flush();
        }
      }
    }
    return 0;
  }

  private static final PluginChoice MLP = new PluginChoice("mlp", Map.of("hidden", "256", "layers", "2"));

  private PluginChoice hyperGrid(int ndim) {
    return new PluginChoice("hypergrid", Map.of("ndim", "" + ndim, "height", "" + height));
  }

  private int timing() {
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
    RunSpec runSpec = new RunSpec(hyperGrid(ndim), MLP, MLP, PluginChoice.of("tb"), PluginChoice.of("env"),
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
