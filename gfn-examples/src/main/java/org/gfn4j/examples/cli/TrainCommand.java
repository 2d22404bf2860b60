package org.gfn4j.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.gfn4j.api.objective.Term;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.core.eval.Evaluation;
import org.gfn4j.core.eval.Evaluator;
import org.gfn4j.core.io.AtomicFiles;
import org.gfn4j.core.run.CheckpointStore;
import org.gfn4j.core.run.RunFactory;
import org.gfn4j.core.run.RunSpec;
import org.gfn4j.core.run.TrainingCheckpoints;
import org.gfn4j.core.run.TrainingCheckpoints.Resumption;
import org.gfn4j.core.run.TrainingRun;
import org.gfn4j.core.train.Trainer;
import org.gfn4j.core.train.TrainingListener;
import org.gfn4j.core.train.TrainingResult;
import org.gfn4j.examples.charts.RunPictures;
import org.gfn4j.examples.charts.TrainingHistory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code gfn train}: trains a GFlowNet, showing progress, and writes {@code metrics.csv}, {@code summary.json},
 * the trained model ({@code checkpoint.json}, {@code parameters.bin}), its pictures ({@code training.png},
 * {@code distribution.png}) and its effective options ({@code config.yaml}, see {@link ConfigFile}) into
 * {@code --out}; training checkpoints go to {@code --out/checkpoints} ({@link TrainingCheckpoints}) every
 * {@code --checkpoint-every} iterations, at the end, and on SIGINT or SIGTERM. {@code --resume DIR} continues such
 * a run exactly and rewrites its outputs.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Train a GFlowNet and write metrics.csv, summary.json, config.yaml and the trained model into "
        + "--out; or continue a run with --resume.",
    footer = {"%nExamples:",
        "  gfn train --env-opt ndim=2 --env-opt height=8 --loss tb --out runs/hg",
        "  gfn train --config runs/hg/config.yaml --out runs/hg-again",
        "  gfn train --resume runs/hg --iterations 2000"})
final class TrainCommand implements Callable<Integer> {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Metrics that mean nothing for an objective that learns no log Z. */
  static final Set<String> LOG_Z_METRICS = Set.of(Evaluation.LOGZ, Evaluation.LOGZ_ERROR);

  /** The exit code of a run interrupted by a signal (that of SIGINT). */
  static final int INTERRUPTED = 130;

  /** The checkpoint interval when none is given. */
  static final int DEFAULT_CHECKPOINT_EVERY = 1000;

  /** The options that may go with {@code --resume}: all others are the recorded run's. */
  static final Set<String> RESUME_OPTIONS = Set.of("--resume", "--iterations", "--checkpoint-every", "--no-progress",
      "--timing", "--verbose", GfnCli.PLUGINS);

  private final RunFactory factory;

  @Spec
  private CommandSpec spec;

  @Mixin
  private RunOptions options = new RunOptions();

  // Documents --config; GfnCli replaces it by the file's options before parsing.
  @Option(names = ConfigFile.OPTION, paramLabel = "FILE", description = "Read the options from a YAML file of long "
      + "option names (e.g. 'env-opt: {ndim: 2}'); options on the command line override it. Every run saves its "
      + "own as config.yaml in --out.")
  private Path config;

  @Option(names = "--out", paramLabel = "DIR", description = "Output folder (created if needed); required unless "
      + "--resume.")
  private Path out;

  @Option(names = "--overwrite", description = "Replace a run already in --out (its checkpoints, summary and "
      + "metrics).")
  private boolean overwrite;

  @Option(names = "--checkpoint-every", paramLabel = "N", description = "Save a training checkpoint (model, "
      + "optimiser, random streams, replay buffer) into DIR/checkpoints every N iterations, besides the end and "
      + "SIGINT/SIGTERM; 0: those only. Default: 1000, or the resumed run's.")
  private Integer checkpointEvery;

  @Option(names = "--resume", paramLabel = "DIR", description = "Continue the run in DIR (a run folder: its newest "
      + "checkpoint; or one of its checkpoints) exactly as if it had not stopped, up to --iterations in all, and "
      + "rewrite its outputs there. Only --iterations, --checkpoint-every and display options may go with it.")
  private Path resume;

  @Option(names = "--no-progress", description = "Do not show the progress bar.")
  private boolean noProgress;

  @Option(names = "--timing", description = "Print where iterations spent their time: sampling, forward, objective, "
      + "backward, optimizer.")
  private boolean timing;

  @Option(names = "--verbose", description = "Show stack traces of errors.")
  private boolean verbose;

  @Inject
  TrainCommand(RunFactory factory) {
    this.factory = factory;
  }

  /** What to train and where: a new run, or one resumed from its checkpoint. */
  private record Launch(TrainingRun run, Path folder, Optional<Resumption> from, int checkpointEvery) {}

  @Override
  public Integer call() {
    Launch launch = resume == null ? fresh() : resumed();
    TrainingRun run = launch.run();
    RunSpec runSpec = run.spec();
    String runId = Provenance.runId(runSpec);
    List<TrainingListener> listeners = new ArrayList<>();
    MetricsListener metrics = new MetricsListener(launch.folder().resolve("metrics.csv"),
        run.evaluator().map(Evaluator::metricNames).orElse(List.of()),
        run.evaluator().map(Evaluator::conditionLabels).orElse(List.of()),
        run.targetEvaluator().map(Evaluator::metricNames).orElse(List.of()), runId, run.model().learnsLogZ(),
        learnsLogZ(run) ? Set.of() : LOG_Z_METRICS, runSpec.training().evalEvery());
    listeners.add(metrics);
    TrainingHistory history = new TrainingHistory();
    listeners.add(history);
    TimingListener timings = new TimingListener(0);
    if (timing) {
      listeners.add(timings);
    }
    int startedAt = launch.from().map(from -> from.checkpoint().iterations()).orElse(0);
    ProgressListener progress = noProgress ? null
        : new ProgressListener(runSpec.training().iterations(), startedAt, System.err);
    if (progress != null) {
      listeners.add(progress);
    }
    Trainer trainer = run.trainer(listeners);
    launch.from().ifPresent(from -> from.restore(trainer));
    trainer.checkpointEvery(launch.checkpointEvery(),
        (t, iteration) -> TrainingCheckpoints.save(launch.folder(), run, t, launch.checkpointEvery()).toString());
    TrainingWarmUp.handOver(runSpec.training().iterations() - startedAt);
    long start = System.nanoTime();
    TrainingResult result;
    try (InterruptHook hook = new InterruptHook(trainer)) {
      try {
        result = trainer.run();
      } finally {
        if (progress != null) {
          progress.close();
        }
      }
      CheckpointStore.save(launch.folder(), run, result.iterations());
      if (result.interrupted()) {
        List<Path> saved = TrainingCheckpoints.list(launch.folder());
        spec.commandLine().getErr().println("gfn: interrupted after iteration " + result.iterations() + " of "
            + runSpec.training().iterations() + "; saved " + saved.get(saved.size() - 1) + "; continue with: gfn "
            + "train --resume " + launch.folder());
        return INTERRUPTED;
      }
      writeOutputs(launch, result, (System.nanoTime() - start) / 1e9, runId, metrics, history, timings);
    }
    return 0;
  }

  private void writeOutputs(Launch launch, TrainingResult result, double elapsed, String runId,
      MetricsListener metrics, TrainingHistory history, TimingListener timings) {
    TrainingRun run = launch.run();
    Path folder = launch.folder();
    Map<String, Object> summary = summary(run.spec(), run, result, elapsed, runId, metrics.finalLoss());
    launch.from().ifPresent(from -> summary.put("resumed_from", from.checkpoint().iterations()));
    AtomicFiles.writeString(folder.resolve("summary.json"), toJson(summary));
    writePictures(run, folder, history);
    PrintWriter console = spec.commandLine().getOut();
    console.println(headline(run, result));
    if (timing) {
      console.print(timings.table());
    }
    console.println("wrote " + folder.resolve("summary.json") + ", " + folder.resolve("metrics.csv")
        + " and the model");
  }

  /** A new run: its options checked, its folder prepared, its effective options saved. */
  private Launch fresh() {
    if (out == null) {
      throw new ParameterException(spec.commandLine(), "give --out DIR for the run's outputs, or --resume DIR to "
          + "continue a run");
    }
    RunSpec runSpec = options.toSpec();
    options.refuseIgnoredOptions(spec.commandLine().getParseResult());
    OutputFolder.prepare(out, overwrite);
    TrainingRun run = factory.create(runSpec);
    if (options.uniformBackwardPolicy && !run.objective().inputs().contains(Term.LOG_PB)) {
      throw new IllegalArgumentException("objective '" + runSpec.objective().name() + "' uses no backward policy, "
          + "so --uniform-pb does not apply; remove it");
    }
    ConfigFile.write(spec, out.resolve(ConfigFile.FILE_NAME), Provenance.runId(runSpec));
    int every = checkpointEvery == null ? DEFAULT_CHECKPOINT_EVERY : checkInterval(checkpointEvery);
    return new Launch(run, out, Optional.empty(), every);
  }

  /** A run continued from its checkpoint: only the iteration count and how it is shown may change. */
  private Launch resumed() {
    ParseResult parsed = spec.commandLine().getParseResult();
    List<String> refused = parsed.matchedOptions().stream().map(OptionSpec::longestName)
        .filter(name -> !RESUME_OPTIONS.contains(name)).distinct().toList();
    if (!refused.isEmpty()) {
      throw new ParameterException(spec.commandLine(), "--resume continues the run recorded in " + resume + " as it "
          + "was specified; " + String.join(", ", refused) + " cannot change it (only --iterations, "
          + "--checkpoint-every and display options can); start a new run with --out to change them");
    }
    Resumption from = TrainingCheckpoints.open(resume);
    Path folder = runFolder(resume, from.folder());
    OutputFolder.probeWritable("--resume", folder);
    int iterations = parsed.hasMatchedOption("--iterations") ? options.iterations : 0;
    TrainingRun run = from.rebuild(factory, iterations);
    if (iterations > 0) {
      ConfigFile.replace(folder.resolve(ConfigFile.FILE_NAME), "iterations", iterations);
    }
    int every = checkpointEvery == null ? from.checkpoint().checkpointEvery() : checkInterval(checkpointEvery);
    return new Launch(run, folder, Optional.of(from), every);
  }

  /** The run folder of a checkpoint: {@code resume} itself, or the folder above its {@code checkpoints}. */
  private static Path runFolder(Path resume, Path checkpoint) {
    if (!checkpoint.equals(resume)) {
      return resume;
    }
    Path parent = checkpoint.toAbsolutePath().getParent();
    return parent != null && parent.getFileName().toString().equals(TrainingCheckpoints.FOLDER)
        ? parent.getParent() : resume;
  }

  private int checkInterval(int every) {
    if (every < 0) {
      throw new ParameterException(spec.commandLine(), "--checkpoint-every must be >= 0, got " + every);
    }
    return every;
  }

  /** Writes training.png and distribution.png; a failure is a warning, the run and its model being saved. */
  private void writePictures(TrainingRun run, Path folder, TrainingHistory history) {
    try {
      RunPictures.write(folder, run, history, learnsLogZ(run));
    } catch (RuntimeException | LinkageError e) {
      spec.commandLine().getErr().println("gfn: warning: cannot draw the pictures: " + e.getMessage());
    }
  }

  /** Whether the run's objective learns log Z (as a scalar or an estimator of the condition). */
  static boolean learnsLogZ(TrainingRun run) {
    return run.objective().inputs().contains(Term.LOG_Z);
  }

  private static String headline(TrainingRun run, TrainingResult result) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%d iterations, %.2f ms/iteration",
        result.iterations(), result.msPerIteration()));
    if (run.model().learnsLogZ() && run.model().logZEstimator().isEmpty()) {
      line.append(String.format(Locale.ROOT, ", logZ %.6f", result.logZ()));
    } else if (run.model().logZEstimator().isPresent()) {
      line.append(", logZ(c) learned per condition (by_condition in summary.json)");
    }
    result.evaluation().ifPresent(e -> {
      if (Double.isFinite(e.l1()) && !e.byCondition().isEmpty()) {
        line.append(String.format(Locale.ROOT, ", mean over %d conditions: exact L1 %.4f, JSD %.3g",
            e.byCondition().size(), e.l1(), e.jsd()));
      } else if (Double.isFinite(e.l1())) {
        line.append(String.format(Locale.ROOT, " (true %.6f), exact L1 %.4f, JSD %.3g, modes %d/%d", e.logZTrue(),
            e.l1(), e.jsd(), e.modesFound(), e.modesTotal()));
      } else {
        e.metrics().forEach((name, value) -> {
          if (Double.isFinite(value)) {
            line.append(", ").append(name).append(' ').append(MetricsListener.format(name, value));
          }
        });
      }
    });
    return line.toString();
  }

  /**
   * The contents of {@code summary.json}: the final metrics, the final loss, timings, settings and provenance; log Z
   * and its error are null for an objective that learns no log Z, and every non-finite number is null.
   */
  static Map<String, Object> summary(RunSpec runSpec, TrainingRun run, TrainingResult result, double elapsed,
      String runId, double finalLoss) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("run_id", runId);
    boolean logZ = learnsLogZ(run);
    result.evaluation().ifPresent(e -> putEvaluation(summary, e, logZ));
    if (!run.model().learnsLogZ()) {
      summary.put(Evaluation.LOGZ, logZ ? summary.get(Evaluation.LOGZ) : null);
    } else {
      summary.putIfAbsent(Evaluation.LOGZ, finite(result.logZ()));
    }
    if (!logZ) {
      summary.put(Evaluation.LOGZ_ERROR, null);
    }
    summary.put("final_loss", finite(finalLoss));
    summary.put("last_loss", finite(result.finalLoss()));
    summary.put("iterations", result.iterations());
    summary.put("ms_per_iteration", finite(result.msPerIteration()));
    summary.put("trajectories_per_second",
        result.trainingNanos() == 0 ? 0 : runSpec.training().batchSize() * result.iterations()
            / (result.trainingNanos() / 1e9));
    summary.put("elapsed_s", elapsed);
    summary.put("seed", runSpec.training().seed());
    summary.put("env", runSpec.environment().name());
    summary.put("env_options", run.model().environment().parameters().asStrings());
    summary.put("loss", runSpec.objective().name());
    summary.put("policy", run.model().forwardPolicy().describe());
    summary.put("backward_policy", run.model().backwardPolicy().map(Estimator::describe).orElse("none"));
    summary.put("batch_size", runSpec.training().batchSize());
    summary.put("lr", runSpec.training().learningRate());
    if (run.model().learnsLogZ()) {
      summary.put("lr_z", runSpec.training().effectiveLogZLearningRate());
    }
    summary.put("gfn4j_version", CheckpointStore.gfn4jVersion());
    summary.put("provenance", Provenance.of(runSpec));
    return summary;
  }

  /** The value, or null when it is NaN or infinite (JSON has no such numbers). */
  static Double finite(double value) {
    return Double.isFinite(value) ? value : null;
  }

  private static void putEvaluation(Map<String, Object> summary, Evaluation e, boolean logZ) {
    summary.putAll(withoutLogZ(metrics(e), logZ));
    if (!e.byCondition().isEmpty()) {
      Map<String, Object> byCondition = new LinkedHashMap<>();
      e.byCondition().forEach((condition, evaluation) -> byCondition.put(condition,
          withoutLogZ(metrics(evaluation), logZ)));
      summary.put("by_condition", byCondition);
    }
  }

  /** The metrics with log Z and its error set to null when the objective learns no log Z. */
  private static Map<String, Object> withoutLogZ(Map<String, Object> metrics, boolean logZ) {
    if (!logZ) {
      LOG_Z_METRICS.stream().filter(metrics::containsKey).forEach(name -> metrics.put(name, null));
    }
    return metrics;
  }

  /** The metrics as JSON values: counts as integers, values not computed left out, other non-finite ones null. */
  static Map<String, Object> metrics(Evaluation e) {
    Map<String, Object> values = new LinkedHashMap<>();
    e.metrics().forEach((name, value) -> {
      if (name.equals(Evaluation.L1_SAMPLED) && Double.isNaN(value)) {
        return;
      }
      if (!Double.isFinite(value)) {
        values.put(name, null);
      } else if (name.equals(Evaluation.MODES_FOUND) || name.equals(Evaluation.MODES_TOTAL)) {
        values.put(name, Math.round(value));
      } else {
        values.put(name, value);
      }
    });
    return values;
  }

  static String toJson(Object value) {
    try {
      return JSON.writeValueAsString(value) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
    }
  }
}
