package org.gfn4j.examples.cli;

import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.core.optim.AdamSettings;
import org.gfn4j.core.run.PluginChoice;
import org.gfn4j.core.run.RunFactory;
import org.gfn4j.core.run.RunSpec;
import org.gfn4j.core.train.IterationReport;
import org.gfn4j.core.train.TrainingConfig;
import org.gfn4j.core.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code gfn bench}: times the training loop on HyperGrid (TB, MLP 256 wide with 2 hidden layers, Adam lr 1e-3 /
 * lr_Z 0.1, on-policy) and prints a table of milliseconds per iteration and trajectories per second; with
 * {@code --objectives}, trains each objective for the given budget instead and prints the exact L1 it reached.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
    description = "Time training iterations on HyperGrid (TB, MLP 256x2) and print a table; with --objectives, "
        + "print the exact L1 each objective reaches at a fixed budget.",
    footer = {"%nExamples:", "  gfn bench --repeats 3", "  gfn bench --objectives tb,db,subtb"})
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

  @Option(names = "--iterations", defaultValue = "1000", description = "Timed iterations. Default: ${DEFAULT-VALUE}.")
  private int iterations;

  @Option(names = "--seed", defaultValue = "1", description = "Seed. Default: ${DEFAULT-VALUE}.")
  private long seed;

  @Option(names = "--objectives", split = ",", description = "Objectives to train to convergence (e.g. "
      + "tb,db,subtb,fm,mdb,zvar); with --iterations as the budget, lr and batch from --lr and --batch.")
  private List<String> objectives;

  @Option(names = "--lr", defaultValue = "1e-3", description = "Learning rate with --objectives. Default: ${DEFAULT-VALUE}.")
  private double learningRate;

  @Option(names = "--sampling", description = "Time sampling only (no training) from a policy trained first with "
      + "--iterations iterations of batch 64, at batch --batch, through ND4J and through ONNX Runtime.")
  private boolean sampling;

  @Option(names = "--repeats", defaultValue = "1", description = "Run each timing configuration this many times and "
      + "report the spread of the medians and of the means. Default: ${DEFAULT-VALUE}.")
  private int repeats;

  @Option(names = "--memory-every", defaultValue = "0", description = "Print resident and heap memory every N "
      + "iterations while timing (0: off), to check that the footprint stays flat.")
  private int memoryEvery;

  @Option(names = "--rounds", defaultValue = "10", description = "Timed sampling batches with --sampling. Default: ${DEFAULT-VALUE}.")
  private int rounds;

  @Option(names = "--verbose", description = "Show stack traces of errors.")
  private boolean verbose;

  @Inject
  BenchCommand(RunFactory factory) {
    this.factory = factory;
  }

  @Override
  public Integer call() {
    atLeast("--iterations", iterations, 1);
    atLeast("--repeats", repeats, 1);
    atLeast("--rounds", rounds, 1);
    atLeast("--warmup", warmup, 0);
    atLeast("--memory-every", memoryEvery, 0);
    atLeast("--height", height, 2);
    for (int batch : batches) {
      atLeast("--batch", batch, 1);
    }
    for (int ndim : dimensions) {
      atLeast("--ndim", ndim, 1);
    }
    if (sampling) {
      return samplingThroughput();
    }
    return objectives == null ? timing() : convergence();
  }

  private void atLeast(String option, int value, int min) {
    if (value < min) {
      throw new ParameterException(spec.commandLine(), option + " must be at least " + min + ", got " + value);
    }
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

  /** The networks the bench trains for PF and PB (and the launcher's warm-up run): 256 wide, 2 hidden layers. */
  static final PluginChoice MLP = new PluginChoice("mlp", Map.of("hidden", "256", "layers", "2"));

  /**
   * Trajectories per second and the FLOP rate of the policy's forward passes (every transition's state goes
   * through PF once) when sampling at batch {@code --batch} from a trained policy, through ND4J and ONNX Runtime.
   */
  private int samplingThroughput() {
    PrintWriter out = spec.commandLine().getOut();
    double sgemm = Machine.sgemmGflops();
    out.printf(Locale.ROOT, "gfn4j sampling: MLP 256x2 policy trained by TB for %d iterations of batch 64, then %d "
        + "timed batches; sgemm 512^3 float: %.1f GFLOP/s%n%n", iterations, rounds, sgemm);
    out.println("| environment | batch | sampler | ms/batch | trajectories/s | policy GFLOP/s | of sgemm |");
    out.println("|---|---|---|---|---|---|---|");
    for (int ndim : dimensions) {
      TrainingConfig training = new TrainingConfig(iterations, 64, 1e-3, 0.1, 0, AdamSettings.DEFAULTS,
          Exploration.NONE, 0, seed);
      var run = factory.create(new RunSpec(hyperGrid(ndim), MLP, MLP, PluginChoice.of("tb"), PluginChoice.of("env"),
          training, 0));
      run.trainer(List.of()).run();
      var model = run.model();
      double perRow = forwardFlopsPerRow(model.forwardPolicy());
      Path file;
      try {
        file = Files.createTempFile("gfn4j-bench", ".onnx");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException("cannot create a temporary file: " + e.getMessage(), e);
      }
      try {
        org.gfn4j.onnx.export.PolicyExporter.write(file, run, iterations);
        var shape = new org.gfn4j.api.policy.EstimatorShape(model.forwardPolicy().inputDim(),
            model.forwardPolicy().outputDim(), "pf");
        try (var onnx = org.gfn4j.onnx.policy.OnnxPolicy.open(file, shape, org.gfn4j.onnx.export.PolicyExporter.LOGITS)) {
          for (int batch : batches) {
            samplingRow(out, ndim, batch, "ND4J", model.forwardPolicy(), model, perRow, sgemm);
            samplingRow(out, ndim, batch, "ONNX Runtime", onnx, model, perRow, sgemm);
          }
        }
      } finally {
        file.toFile().delete();
      }
    }
    return 0;
  }

  private void samplingRow(PrintWriter out, int ndim, int batch, String name, org.gfn4j.api.policy.Estimator policy,
      org.gfn4j.core.model.GFlowNet model, double perRow, double sgemm) {
    var sampler = new org.gfn4j.core.sampling.Sampler(model.environment(), policy, model.reward());
    var random = org.gfn4j.core.random.Seeds.stream(seed, org.gfn4j.core.random.Seeds.EVALUATION);
    sampler.sample(batch, Exploration.NONE, random); // warm-up
    long transitions = 0;
    long start = System.nanoTime();
    for (int round = 0; round < rounds; round++) {
      transitions += sampler.sample(batch, Exploration.NONE, random).transitionCount();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double gflops = perRow * transitions / seconds / 1e9;
    out.printf(Locale.ROOT, "| HyperGrid %dx%d | %d | %s | %.1f | %.0f | %.1f | %.0f%% |%n", ndim, height, batch, name,
        seconds * 1e3 / rounds, batch * rounds / seconds, gflops, 100 * gflops / sgemm);
    out.flush();
  }

  private PluginChoice hyperGrid(int ndim) {
    return new PluginChoice("hypergrid", Map.of("ndim", "" + ndim, "height", "" + height));
  }

  private int timing() {
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "gfn4j bench: TB, MLP 256x2 (relu), Adam lr 1e-3 / lr_Z 0.1, on-policy; %d warm-up + %d "
        + "timed iterations%n", warmup, iterations);
    int cores = Runtime.getRuntime().availableProcessors();
    double oneCore = Machine.sgemmGflops();
    // the estimators' passes use two cores at most (PB's on the side thread)
    int used = Math.min(cores, 2);
    double sgemm = Machine.sgemmGflops(used);
    out.printf(Locale.ROOT, "machine: %d cores, %s, Java %s, OMP_NUM_THREADS=%s; sgemm 512^3 float: %.1f GFLOP/s on "
        + "one core, %.1f on %d at once%n", cores, System.getProperty("os.arch"), System.getProperty("java.version"),
        System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"), oneCore, sgemm, used);
    out.println();
    out.println("| environment | batch | ms/iter median | ms/iter p10-p90 | ms/iter mean | trajectories/s | "
        + "phases % (sampling / forward / objective / backward / optimizer) | estimator GFLOP/s | of " + used
        + "-core sgemm |"
        + (repeats > 1 ? " medians of " + repeats + " runs | means of " + repeats + " runs |" : ""));
    out.println("|---|---|---|---|---|---|---|---|---|" + (repeats > 1 ? "---|---|" : ""));
    for (int ndim : dimensions) {
      for (int batch : batches) {
        double[] medians = new double[repeats];
        double[] means = new double[repeats];
        Timed timed = null;
        for (int r = 0; r < repeats; r++) {
          timed = time(ndim, batch);
          double[] run = timed.ms().clone();
          Arrays.sort(run);
          medians[r] = percentile(run, 0.5);
          means[r] = Arrays.stream(run).average().orElse(Double.NaN);
        }
        Arrays.sort(medians);
        Arrays.sort(means);
        double[] sorted = timed.ms().clone();
        Arrays.sort(sorted);
        double median = percentile(sorted, 0.5);
        double mean = Arrays.stream(timed.ms()).average().orElse(Double.NaN);
        double gflops = timed.flopsPerIteration() / (mean / 1e3) / 1e9;
        out.printf(Locale.ROOT, "| HyperGrid %dx%d | %d | %.2f | %.2f-%.2f | %.2f | %.0f | %s | %.1f | %.0f%% |%s%n",
            ndim, height, batch, median, percentile(sorted, 0.1), percentile(sorted, 0.9), mean, batch * 1000 / median,
            timed.timings().shares(), gflops, 100 * gflops / sgemm, repeats > 1 ? String.format(Locale.ROOT,
                " %.2f (%.2f-%.2f) | %.2f (%.2f-%.2f) |", percentile(medians, 0.5), medians[0], medians[repeats - 1],
                percentile(means, 0.5), means[0], means[repeats - 1]) : "");
        out.flush();
      }
    }
    out.printf(Locale.ROOT, "%npeak RSS %.0f MiB%n", Machine.peakRssMib());
    return 0;
  }

  /** Timings of the measured iterations, their phase split, and the estimator FLOPs of a mean iteration. */
  private record Timed(double[] ms, TimingListener timings, double flopsPerIteration) {}

  private Timed time(int ndim, int batch) {
    TrainingConfig training = new TrainingConfig(warmup + iterations, batch, 1e-3, 0.1, 0, AdamSettings.DEFAULTS,
        Exploration.NONE, 0, seed);
    RunSpec runSpec = new RunSpec(hyperGrid(ndim), MLP, MLP, PluginChoice.of("tb"), PluginChoice.of("env"),
        training, 0);
    List<Double> timings = new ArrayList<>();
    TimingListener phases = new TimingListener(warmup);
    double[] flops = {0};
    var run = factory.create(runSpec);
    double perRowForward = forwardFlopsPerRow(run.model().forwardPolicy());
    double perRowBackward = forwardFlopsPerRow(run.model().backwardPolicy().orElseThrow());
    run.trainer(List.of(phases, new TrainingListener() {
      @Override
      public void onIteration(IterationReport report) {
        if (memoryEvery > 0 && report.iteration() % memoryEvery == 0) {
          Runtime runtime = Runtime.getRuntime();
          spec.commandLine().getOut().printf(Locale.ROOT, "memory at iteration %d: RSS %.0f MiB, heap used %.0f MiB%n",
              report.iteration(), Machine.rssMib(), (runtime.totalMemory() - runtime.freeMemory()) / 1048576.0);
          spec.commandLine().getOut().flush();
        }
        if (report.iteration() > warmup) {
          timings.add(report.iterationNanos() / 1e6);
          int transitions = report.batch().transitionCount();
          int nonExit = transitions - report.batch().count();
          // PF: once while sampling, then forward + backward (about twice the forward) in training; PB likewise.
          flops[0] += perRowForward * transitions * 4 + perRowBackward * nonExit * 3;
        }
      }
    })).run();
    return new Timed(timings.stream().mapToDouble(Double::doubleValue).toArray(), phases, flops[0] / iterations);
  }

  /** Multiply-add FLOPs of one row through an MLP: 2 x the sum over layers of in x out. */
  private static double forwardFlopsPerRow(org.gfn4j.api.policy.Estimator estimator) {
    if (!(estimator instanceof org.gfn4j.core.nn.Mlp mlp)) {
      return 0;
    }
    int[] sizes = mlp.sizes();
    double flops = 0;
    for (int l = 0; l + 1 < sizes.length; l++) {
      flops += 2.0 * sizes[l] * sizes[l + 1];
    }
    return flops;
  }

  private static double percentile(double[] sorted, double q) {
    return sorted[(int) Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
  }
}
