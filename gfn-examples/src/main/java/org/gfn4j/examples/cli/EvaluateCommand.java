package org.gfn4j.examples.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.gfn4j.core.eval.Evaluation;
import org.gfn4j.core.eval.Evaluator;
import org.gfn4j.core.random.Seeds;
import org.gfn4j.core.run.Checkpoint;
import org.gfn4j.core.run.CheckpointStore;
import org.gfn4j.core.run.RunFactory;
import org.gfn4j.core.run.TrainingRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gfn evaluate}: loads a trained model and prints its exact metrics as JSON. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Load a model saved by 'gfn train' and print its exact evaluation as JSON.",
    footer = {"%nExample:", "  gfn evaluate --checkpoint runs/hg"})
final class EvaluateCommand implements Callable<Integer> {
  private final RunFactory factory;

  @Spec
  private CommandSpec spec;

  @Option(names = "--checkpoint", required = true, paramLabel = "DIR", description = "Folder written by 'gfn train'.")
  private Path checkpoint;

  @Option(names = "--sampled-l1", defaultValue = "0", description = "Also compute the sampled L1 from N samples.")
  private int samples;

  @Option(names = "--verbose", description = "Show stack traces of errors.")
  private boolean verbose;

  @Inject
  EvaluateCommand(RunFactory factory) {
    this.factory = factory;
  }

  @Override
  public Integer call() {
    Checkpoint metadata = CheckpointStore.read(checkpoint);
    TrainingRun run = CheckpointStore.load(checkpoint, factory);
    Evaluator evaluator = run.evaluator().orElseThrow(); // every run has at least the sampled metrics
    Evaluation e = evaluator.evaluate(run.model());
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("checkpoint", checkpoint.toString());
    result.put("iterations", metadata.iterations());
    result.putAll(TrainCommand.metrics(e));
    if (!e.byCondition().isEmpty()) {
      Map<String, Object> byCondition = new LinkedHashMap<>();
      e.byCondition().forEach((condition, evaluation) -> byCondition.put(condition, TrainCommand.metrics(evaluation)));
      result.put("by_condition", byCondition);
    }
    if (samples > 0 && run.exactEvaluator().isPresent()) {
      result.put("l1_sampled", run.exactEvaluator().get().sampledL1(run.model(), samples,
          Seeds.stream(metadata.spec().training().seed(), Seeds.EVALUATION)));
    }
    spec.commandLine().getOut().print(TrainCommand.toJson(result));
    return 0;
  }
}
