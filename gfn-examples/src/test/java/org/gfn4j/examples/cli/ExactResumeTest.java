package org.gfn4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.core.eval.Evaluation;
import org.gfn4j.core.eval.Evaluator;
import org.gfn4j.core.localsearch.LocalSearchConfig;
import org.gfn4j.core.optim.AdamSettings;
import org.gfn4j.core.plugin.PluginRegistry;
import org.gfn4j.core.replay.ReplayConfig;
import org.gfn4j.core.run.PluginChoice;
import org.gfn4j.core.run.RunFactory;
import org.gfn4j.core.run.RunSpec;
import org.gfn4j.core.run.TrainingCheckpoints;
import org.gfn4j.core.run.TrainingRun;
import org.gfn4j.core.schedule.ExplorationSchedule;
import org.gfn4j.core.schedule.Schedule;
import org.gfn4j.core.train.IterationReport;
import org.gfn4j.core.train.Trainer;
import org.gfn4j.core.train.TrainingConfig;
import org.gfn4j.core.train.TrainingListener;
import org.gfn4j.core.train.TrainingResult;
import org.gfn4j.examples.charts.TrainingHistory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A run interrupted at iteration k, saved, rebuilt from its checkpoint alone (as a new process would) and resumed
 * ends with the same parameters, log Z, evaluation, metrics rows and history as the run never interrupted: on and
 * off policy, with and without each kind of replay buffer, for discrete, conditional and continuous environments.
 */
class ExactResumeTest {
  private static final RunFactory FACTORY = new RunFactory(PluginRegistry.discover());
  private static final int ITERATIONS = 50;
  private static final int EVAL_EVERY = 20;

  /** Everything a finished run leaves that must not depend on an interruption. */
  private record Outcome(Map<String, List<Double>> parameters, double logZ, double finalLoss, Evaluation evaluation,
      List<String> metricsRows, int[] historyIterations, double[] historyLosses, List<TrainingHistory.Row> rows) {}

  private static RunSpec spec(String env, String options, String loss, double epsilon, int replay, String kind) {
    Map<String, String> envOptions = new LinkedHashMap<>();
    for (String pair : options.split(";")) {
      if (!pair.isEmpty()) {
        envOptions.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
      }
    }
    TrainingConfig training = new TrainingConfig(ITERATIONS, 8, 1e-3, null, 0, AdamSettings.DEFAULTS,
        new Exploration(epsilon, 1, 0), new ReplayConfig(replay, ReplayConfig.Kind.of(kind)), EVAL_EVERY, 11);
    PluginChoice mlp = new PluginChoice("mlp", Map.of("hidden", "32", "layers", "2"));
    return new RunSpec(new PluginChoice(env, envOptions), mlp, mlp, PluginChoice.of(loss), PluginChoice.of("env"),
        training, env.equals("hypergrid") ? 64 : 0, false, null,
        env.startsWith("conditional") ? List.of(0.0, 1.0) : List.of());
  }

  private static List<TrainingListener> listeners(TrainingRun run, Path folder) {
    MetricsListener metrics = new MetricsListener(folder.resolve("metrics.csv"),
        run.evaluator().map(Evaluator::metricNames).orElse(List.of()),
        run.evaluator().map(Evaluator::conditionLabels).orElse(List.of()),
        run.targetEvaluator().map(Evaluator::metricNames).orElse(List.of()), Provenance.runId(run.spec()),
        run.model().learnsLogZ(), Set.of(), EVAL_EVERY);
    return new ArrayList<>(List.of(metrics, new TrainingHistory()));
  }

  private static Outcome outcome(TrainingRun run, TrainingResult result, List<TrainingListener> listeners, Path folder)
      throws IOException {
    Map<String, List<Double>> parameters = new LinkedHashMap<>();
    run.model().parameterBlocks().forEach((name, values) -> parameters.put(name,
        java.util.Arrays.stream(values.dup().castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).toDoubleVector())
            .boxed().toList()));
    TrainingHistory history = (TrainingHistory) listeners.get(1);
    List<String> rows = Files.readAllLines(folder.resolve("metrics.csv")).stream()
        .map(ExactResumeTest::withoutElapsed).collect(Collectors.toList());
    return new Outcome(parameters, result.logZ(), result.finalLoss(), result.evaluation().orElseThrow(), rows,
        history.iterations(), history.losses(), history.rows());
  }

  /** A metrics row without its elapsed-time column, the one value that depends on the machine's speed. */
  private static String withoutElapsed(String row) {
    String[] cells = row.split(",", -1);
    cells[3] = "";
    return String.join(",", cells);
  }

  private static Outcome uninterrupted(RunSpec spec, Path folder) throws IOException {
    TrainingRun run = FACTORY.create(spec);
    List<TrainingListener> listeners = listeners(run, folder);
    TrainingResult result = run.trainer(listeners).run();
    assertThat(result.interrupted()).isFalse();
    return outcome(run, result, listeners, folder);
  }

  private static Outcome interruptedAndResumed(RunSpec spec, Path folder, int at) throws IOException {
    TrainingRun first = FACTORY.create(spec);
    AtomicReference<Trainer> running = new AtomicReference<>();
    List<TrainingListener> listeners = listeners(first, folder);
    listeners.add(new TrainingListener() {
      @Override
      public void onIteration(IterationReport report) {
        if (report.iteration() == at) {
          running.get().interrupt(); // as the SIGINT hook does, from within the iteration
        }
      }
    });
    Trainer trainer = first.trainer(listeners);
    running.set(trainer);
    trainer.checkpointEvery(0, (t, iteration) -> TrainingCheckpoints.save(folder, first, t, 0).toString());
    TrainingResult stopped = trainer.run();
    assertThat(stopped.interrupted()).isTrue();
    assertThat(stopped.iterations()).isEqualTo(at);
    assertThat(TrainingCheckpoints.list(folder)).singleElement().satisfies(checkpoint -> assertThat(
        checkpoint.getFileName()).hasToString(String.format("iteration-%06d", at)));

    TrainingCheckpoints.Resumption from = TrainingCheckpoints.open(folder);
    TrainingRun resumed = from.rebuild(FACTORY, 0);
    List<TrainingListener> fresh = listeners(resumed, folder);
    Trainer continued = resumed.trainer(fresh);
    from.restore(continued);
    assertThat(continued.iteration()).isEqualTo(at);
    return outcome(resumed, continued.run(), fresh, folder);
  }

  @ParameterizedTest(name = "{0} {1} {2}, epsilon {3}, replay {4} {5}, interrupted at {6}")
  @CsvSource(delimiter = '|', value = {
      "hypergrid | ndim=2;height=8 | tb | 0 | 0 | uniform | 27",
      "hypergrid | ndim=2;height=8 | tb | 0 | 0 | uniform | 40",
      "hypergrid | ndim=2;height=8 | db | 0.2 | 0 | uniform | 33",
      "hypergrid | ndim=2;height=8 | tb | 0 | 64 | uniform | 27",
      "hypergrid | ndim=2;height=8 | subtb | 0.2 | 64 | prioritized-proportional | 31",
      "hypergrid | ndim=2;height=8 | tb | 0.1 | 64 | terminal | 27",
      "conditional-hypergrid | ndim=2;height=4 | tb | 0.1 | 64 | uniform | 27",
      "box | delta=0.25 | tb | 0 | 64 | proportional | 27"})
  void anInterruptedRun_resumesToTheUninterruptedRun(String env, String options, String loss, double epsilon,
      int replay, String kind, int at, @TempDir Path dir) throws IOException {
    RunSpec spec = spec(env.trim(), options.trim(), loss.trim(), epsilon, replay, kind.trim());
    Outcome expected = uninterrupted(spec, Files.createDirectories(dir.resolve("whole")));
    Outcome actual = interruptedAndResumed(spec, Files.createDirectories(dir.resolve("resumed")), at);
    assertThat(actual.parameters()).isEqualTo(expected.parameters());
    assertThat(actual.logZ()).isEqualTo(expected.logZ());
    assertThat(actual.finalLoss()).isEqualTo(expected.finalLoss());
    assertThat(actual.evaluation()).isEqualTo(expected.evaluation());
    assertThat(actual.metricsRows()).hasSize(ITERATIONS / EVAL_EVERY + 2).isEqualTo(expected.metricsRows());
    assertThat(actual.historyIterations()).containsExactly(expected.historyIterations());
    assertThat(actual.historyLosses()).containsExactly(expected.historyLosses());
    assertThat(actual.rows()).isEqualTo(expected.rows());
  }

  /** The hypergrid run of the first case with a schedule and, optionally, local search. */
  private static RunSpec variant(String name) {
    RunSpec base = spec("hypergrid", "ndim=2;height=8", "tb", 0.4, 0, "uniform");
    TrainingConfig t = base.training();
    TrainingConfig training = new TrainingConfig(t.iterations(), t.batchSize(), t.learningRate(),
        t.logZLearningRate(), t.weightDecay(), t.adam(), new Exploration(0.4, 2, 0), t.replay(), t.evalEvery(),
        t.seed(), t.numericType(), new ExplorationSchedule(Schedule.parse("e", "linear:0:30"),
            Schedule.parse("t", "exponential:1:40")), null);
    training = switch (name) {
      case "schedules" -> training;
      case "local-search-mh" -> training.withLocalSearch(new LocalSearchConfig(2, 2,
          LocalSearchConfig.Acceptance.METROPOLIS_HASTINGS, LocalSearchConfig.TrainedOn.ACCEPTED));
      case "local-search-greedy-replay" -> training.withLocalSearch(new LocalSearchConfig(1, 3,
          LocalSearchConfig.Acceptance.GREEDY, LocalSearchConfig.TrainedOn.PROPOSED)).withExplorationSchedule(null);
      default -> throw new IllegalArgumentException(name);
    };
    RunSpec spec = base.withTraining(training);
    return name.endsWith("replay") ? spec.withTraining(new TrainingConfig(training.iterations(),
        training.batchSize(), training.learningRate(), training.logZLearningRate(), training.weightDecay(),
        training.adam(), training.exploration(), new ReplayConfig(64, ReplayConfig.Kind.PRIORITIZED),
        training.evalEvery(), training.seed(), training.numericType(), null, training.localSearch())) : spec;
  }

  @ParameterizedTest(name = "{0}, interrupted at {1}")
  @CsvSource(delimiter = '|', value = {"schedules | 27", "local-search-mh | 27", "local-search-greedy-replay | 33"})
  void aRunWithSchedulesOrLocalSearch_resumesToTheUninterruptedRun(String name, int at, @TempDir Path dir)
      throws IOException {
    RunSpec spec = variant(name.trim());
    Outcome expected = uninterrupted(spec, Files.createDirectories(dir.resolve("whole")));
    Outcome actual = interruptedAndResumed(spec, Files.createDirectories(dir.resolve("resumed")), at);
    assertThat(actual.parameters()).isEqualTo(expected.parameters());
    assertThat(actual.logZ()).isEqualTo(expected.logZ());
    assertThat(actual.finalLoss()).isEqualTo(expected.finalLoss());
    assertThat(actual.evaluation()).isEqualTo(expected.evaluation());
    assertThat(actual.metricsRows()).isEqualTo(expected.metricsRows());
    assertThat(actual.historyLosses()).containsExactly(expected.historyLosses());
  }
}
