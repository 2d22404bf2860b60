package org.gfn4j.examples.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.gfn4j.core.backend.Nd4jBackend;
import org.gfn4j.core.backend.SmallProducts;
import org.gfn4j.core.plugin.PluginJars;
import org.gfn4j.core.plugin.PluginModule;
import org.gfn4j.core.plugin.PluginRegistry;
import org.gfn4j.core.run.RunFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

/**
 * The {@code gfn} command line: {@code list}, {@code train}, {@code evaluate}, {@code export}, {@code sample}
 * and {@code bench}.
 *
 * <p>Plugins are discovered once, on the class path and in the jars given by {@code --plugins PATH[:PATH...]}
 * (anywhere on the command line, repeatable) and the {@code GFN_PLUGINS} environment variable, bound into one
 * Guice injector, and the subcommands get their dependencies from it. A plugin that cannot be loaded is reported
 * in one line naming its jar and class; it stops the commands that use plugins, not {@code --help},
 * {@code --version} or {@code list} (which lists what loaded). Errors in the user's input print one line (no
 * stack trace unless {@code --verbose}) and exit non-zero: 2 for a malformed command line, 1 for a configuration
 * or runtime error.
 */
@Command(name = "gfn", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
    description = "Train and evaluate Generative Flow Networks on the JVM.",
    subcommands = {ListCommand.class, TrainCommand.class, EvaluateCommand.class, ExportCommand.class,
        SampleCommand.class, BenchCommand.class},
    footer = {"%nExamples:", "  gfn list",
        "  gfn train --env hypergrid --env-opt ndim=2 --loss db --out runs/hg"})
public final class GfnCli implements Runnable {
  /** The option naming plugin jars; read by {@link #execute} before picocli parses the rest. */
  static final String PLUGINS = "--plugins";

  @CommandLine.Spec
  private CommandLine.Model.CommandSpec spec;

  // Documents --plugins in every command's help; execute() removes it from the arguments before parsing.
  @Option(names = PLUGINS, paramLabel = "PATH[:PATH...]", scope = CommandLine.ScopeType.INHERIT,
      description = "Plugin jars, or folders of jars, to load besides the built-in plugins (repeatable; also read "
          + "from the GFN_PLUGINS environment variable).")
  private List<String> plugins;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Runs the command line (with the plugins of {@code GFN_PLUGINS}) and returns its exit code. */
  public static int execute(String[] args, PrintWriter out, PrintWriter err) {
    return execute(args, System.getenv(PluginJars.ENVIRONMENT_VARIABLE), out, err);
  }

  /** Runs the command line with {@code gfnPlugins} (may be null) as the value of {@code GFN_PLUGINS}. */
  static int execute(String[] args, String gfnPlugins, PrintWriter out, PrintWriter err) {
    List<String> paths = new ArrayList<>();
    if (gfnPlugins != null && !gfnPlugins.isBlank()) {
      paths.add(gfnPlugins);
    }
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--")) {
        rest.addAll(List.of(args).subList(i, args.length));
        break;
      } else if (arg.equals(PLUGINS)) {
        if (i + 1 == args.length || args[i + 1].startsWith("-")) {
          err.println("gfn: error: " + PLUGINS + " needs a value: PATH[:PATH...], each a jar or a folder of jars");
          err.println("Try 'gfn --help' for the accepted options.");
          err.flush();
          return ErrorHandler.USAGE;
        }
        paths.add(args[++i]);
      } else if (arg.startsWith(PLUGINS + "=")) {
        paths.add(arg.substring(PLUGINS.length() + 1));
      } else {
        rest.add(arg);
      }
    }
    String[] remaining = rest.toArray(String[]::new);
    ErrorHandler handler = new ErrorHandler(remaining);
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try (PluginJars jars = PluginJars.open(paths, GfnCli.class.getClassLoader())) {
      thread.setContextClassLoader(jars.classLoader());
      return run(remaining, jars, handler, out, err);
    } finally {
      thread.setContextClassLoader(previous);
      out.flush();
      err.flush();
    }
  }

  private static int run(String[] args, PluginJars jars, ErrorHandler handler, PrintWriter out, PrintWriter err) {
    PluginRegistry registry;
    CommandLine commandLine;
    try {
      registry = PluginRegistry.discover(jars);
      if (args.length > 0 && args[0].equals("train")) {
        TrainingWarmUp.start(new RunFactory(registry)); // while the command starts; it stops before training
      }
      Injector injector = Guice.createInjector(new PluginModule(registry));
      commandLine = new CommandLine(new GfnCli(), new GuiceFactory(injector));
    } catch (RuntimeException e) {
      err.println("gfn: error: " + ErrorHandler.message(e));
      if (handler.verbose()) {
        e.printStackTrace(err);
      }
      return ErrorHandler.FAILURE;
    }
    String[] expanded;
    try {
      expanded = ConfigFile.expand(args, commandLine);
    } catch (IllegalArgumentException e) {
      err.println("gfn: error: " + e.getMessage());
      if (handler.verbose()) {
        e.printStackTrace(err);
      }
      return ErrorHandler.USAGE;
    }
    if (expanded != args) {
      handler = new ErrorHandler(expanded);
    }
    ErrorHandler errors = handler;
    commandLine.setOut(out);
    commandLine.setErr(err);
    commandLine.setParameterExceptionHandler(handler);
    commandLine.setExecutionExceptionHandler(handler);
    commandLine.setExecutionStrategy(parseResult -> executeChecked(parseResult, registry, errors, err));
    return commandLine.execute(expanded);
  }

  /** Runs the parsed command, unless it uses plugins and one of them could not be loaded. */
  private static int executeChecked(ParseResult parseResult, PluginRegistry registry, ErrorHandler handler,
      PrintWriter err) {
    Integer help = CommandLine.executeHelpRequest(parseResult);
    if (help != null) {
      return help;
    }
    ParseResult command = parseResult;
    while (command.hasSubcommand()) {
      command = command.subcommand();
    }
    boolean usesPlugins = command != parseResult;
    if (!usesPlugins || registry.problems().isEmpty()) {
      return new CommandLine.RunLast().execute(parseResult);
    }
    if (command.commandSpec().name().equals("list")) {
      int code = new CommandLine.RunLast().execute(parseResult);
      err.flush();
      handler.report(registry.problems(), err);
      return code == 0 ? ErrorHandler.FAILURE : code;
    }
    handler.report(registry.problems(), err);
    return ErrorHandler.FAILURE;
  }

  /** Entry point of the {@code ./gfn} launcher. */
  public static void main(String[] args) {
    Nd4jBackend.loadInBackground(); // ND4J's native libraries load while the command line starts
    SmallProducts.warmUp(); // compiles the vector kernel while ND4J loads, before the first training iteration
    TrainingWarmUp.enable(); // a training command starts a throwaway run to compile the training code meanwhile
    System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }
}
