package org.gfn4j.examples.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.gfn4j.core.run.Checkpoint;
import org.gfn4j.core.run.CheckpointStore;
import org.gfn4j.core.run.RunFactory;
import org.gfn4j.core.run.TrainingRun;
import org.gfn4j.onnx.export.ExportMetadata;
import org.gfn4j.onnx.export.PolicyExporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gfn export}: writes a model saved by {@code gfn train} as one ONNX file (see {@link PolicyExporter} for
 * what it contains).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Write a model saved by 'gfn train' as one ONNX file: the forward policy (logits, masked "
        + "log_probs) and, when trained, PB, log F and log Z, with the environment and provenance as metadata.",
    footer = {"%nExample:", "  gfn export --checkpoint runs/hg --out hg.onnx"})
final class ExportCommand implements Callable<Integer> {
  private final RunFactory factory;

  @Spec
  private CommandSpec spec;

  @Option(names = "--checkpoint", required = true, paramLabel = "DIR", description = "Folder written by 'gfn train'.")
  private Path checkpoint;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "The ONNX file to write.")
  private Path out;

  @Option(names = "--verbose", description = "Show stack traces of errors.")
  private boolean verbose;

  @Inject
  ExportCommand(RunFactory factory) {
    this.factory = factory;
  }

  @Override
  public Integer call() {
    Checkpoint saved = CheckpointStore.read(checkpoint);
    TrainingRun run = CheckpointStore.load(checkpoint, factory);
    ExportMetadata metadata = PolicyExporter.write(out, run, saved.iterations());
    spec.commandLine().getOut().println("wrote " + out + ": " + String.join(", ", metadata.heads()) + " of '"
        + metadata.environment() + "' " + metadata.environmentParameters() + ", states [N, " + metadata.encodingDim()
        + "] (" + metadata.encoding() + "), " + metadata.actionCount() + " actions");
    return 0;
  }
}
