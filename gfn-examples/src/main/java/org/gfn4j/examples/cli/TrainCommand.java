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
import java.util.concurrent.Callable;
import org.gfn4j.core.run.CheckpointStore;
import org.gfn4j.core.eval.Evaluation;
import org.gfn4j.core.eval.Evaluator;
import org.gfn4j.core.io.AtomicFiles;
import org.gfn4j.core.run.RunFactory;
import org.gfn4j.core.run.RunSpec;
import org.gfn4j.core.run.TrainingRun;
import org.gfn4j.core.train.TrainingListener;
import org.gfn4j.core.train.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gfn train}: trains a GFlowNet, showing progress, and writes {@code metrics.csv}, {@code summary.json}
 * and the trained model ({@code checkpoint.json}, {@code parameters.bin}) into {@code --out}.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Train a GFlowNet and write metrics.csv, summary.json and the trained model into --out.")
final class TrainCommand implements Callable<Integer> {
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private final RunFactory factory;

  @Spec
  private CommandSpec spec;

  @Mixin
  private RunOptions options = new RunOptions();

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created if needed).")
  private Path out;

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

  @Override
  public Integer call() {
    RunSpec runSpec = options.toSpec();
    TrainingRun run = factory.create(runSpec);
    List<TrainingListener> listeners = new ArrayList<>();
    listeners.add(new MetricsListener(out.resolve("metrics.csv"),
        run.evaluator().map(Evaluator::metricNames).orElse(List.of()),
        run.evaluator().map(Evaluator::conditionLabels).orElse(List.of())));
    TimingListener timings = new TimingListener(0);
    if (timing) {
      listeners.add(timings);
    }
    ProgressListener progress = noProgress ? null : new ProgressListener(runSpec.training().iterations(), System.err);
    if (progress != null) {
      listeners.add(progress);
    }
    long start = System.nanoTime();
    TrainingResult result;
    try {
      result = run.trainer(listeners).run();
    } finally {
      if (progress != null) {
        progress.close();
      }
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    CheckpointStore.save(out, run, result.iterations());
    Map<String, Object> summary = summary(runSpec, run, result, elapsed);
    AtomicFiles.writeString(out.resolve("summary.json"), toJson(summary));
    PrintWriter console = spec.commandLine().getOut();
    console.println(headline(run, result));
    if (timing) {
      console.print(timings.table());
    }
    console.println("wrote " + out.resolve("summary.json") + ", " + out.resolve("metrics.csv") + " and the model");
    return 0;
  }

  private static String headline(TrainingRun run, TrainingResult result) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%d iterations, %.2f ms/iteration, logZ %.6f",
        result.iterations(), result.msPerIteration(), result.logZ()));
    result.evaluation().ifPresent(e -> {
      if (Double.isFinite(e.l1())) {
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

  static Map<String, Object> summary(RunSpec runSpec, TrainingRun run, TrainingResult result, double elapsed) {
    Map<String, Object> summary = new LinkedHashMap<>();
    result.evaluation().ifPresent(e -> putEvaluation(summary, e));
    summary.putIfAbsent("logz", result.logZ());
    summary.put("iterations", result.iterations());
    summary.put("ms_per_iteration", result.msPerIteration());
    summary.put("trajectories_per_second",
        result.trainingNanos() == 0 ? 0 : runSpec.training().batchSize() * result.iterations()
            / (result.trainingNanos() / 1e9));
    summary.put("elapsed_s", elapsed);
    summary.put("seed", runSpec.training().seed());
    summary.put("env", runSpec.environment().name());
    summary.put("env_options", run.model().environment().parameters().asStrings());
    summary.put("loss", runSpec.objective().name());
    summary.put("policy", run.model().forwardPolicy().describe());
    summary.put("backward_policy", run.model().backwardPolicy().map(org.gfn4j.api.policy.Estimator::describe).orElse("none"));
    summary.put("batch_size", runSpec.training().batchSize());
    summary.put("lr", runSpec.training().learningRate());
    if (run.model().learnsLogZ()) {
      summary.put("lr_z", runSpec.training().effectiveLogZLearningRate());
    }
    summary.put("gfn4j_version", CheckpointStore.gfn4jVersion());
    return summary;
  }

  private static void putEvaluation(Map<String, Object> summary, Evaluation e) {
    summary.putAll(metrics(e));
    if (!e.byCondition().isEmpty()) {
      Map<String, Object> byCondition = new LinkedHashMap<>();
      e.byCondition().forEach((condition, evaluation) -> byCondition.put(condition, metrics(evaluation)));
      summary.put("by_condition", byCondition);
    }
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
