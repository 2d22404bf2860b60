package org.gfn4j.examples.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.PrintWriter;
import org.gfn4j.core.plugin.PluginModule;
import org.gfn4j.core.plugin.PluginRegistry;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code gfn} command line: {@code list}, {@code train}, {@code evaluate}, {@code export}, {@code sample}
 * and {@code bench}.
 *
 * <p>Plugins are discovered once, bound into one Guice injector, and the subcommands get their dependencies
 * from it. Errors in the user's input print one line (no stack trace unless {@code --verbose}) and exit
 * non-zero: 2 for a malformed command line, 1 for a configuration or runtime error.
 */
@Command(name = "gfn", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Train and evaluate Generative Flow Networks on the JVM.",
    subcommands = {ListCommand.class, TrainCommand.class, EvaluateCommand.class, ExportCommand.class,
        SampleCommand.class, BenchCommand.class})
public final class GfnCli implements Runnable {
  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Runs the command line and returns its exit code. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    CommandLine commandLine;
    try {
      Injector injector = Guice.createInjector(new PluginModule(PluginRegistry.discover()));
      commandLine = new CommandLine(new GfnCli(), new GuiceFactory(injector));
    } catch (RuntimeException e) {
      err.println("gfn: error: " + ErrorHandler.message(e));
      err.flush();
      return 1;
    }
    commandLine.setOut(out);
    commandLine.setErr(err);
    ErrorHandler handler = new ErrorHandler(args);
    commandLine.setParameterExceptionHandler(handler);
    commandLine.setExecutionExceptionHandler(handler);
    int code = commandLine.execute(args);
    out.flush();
    err.flush();
    return code;
  }

  /** Entry point of the {@code ./gfn} launcher. */
  public static void main(String[] args) {
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }
}
