package org.gfn4j.examples.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import org.gfn4j.core.plugin.PluginProblem;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/** Turns exceptions into one clear line on stderr; the stack trace only with {@code --verbose}. */
final class ErrorHandler implements IParameterExceptionHandler, IExecutionExceptionHandler {
  /** Exit code of a malformed command line. */
  static final int USAGE = 2;
  /** Exit code of a configuration or runtime error. */
  static final int FAILURE = 1;

  private final boolean verbose;

  ErrorHandler(String[] args) {
    this.verbose = Arrays.asList(args).contains("--verbose");
  }

  /** Whether {@code --verbose} was given. */
  boolean verbose() {
    return verbose;
  }

  /** Prints one line per plugin that could not be loaded, and its cause's stack trace with {@code --verbose}. */
  void report(List<PluginProblem> problems, PrintWriter err) {
    for (PluginProblem problem : problems) {
      err.println("gfn: error: " + problem.message());
      if (verbose && problem.cause() != null) {
        problem.cause().printStackTrace(err);
      }
    }
  }

  @Override
  public int handleParseException(ParameterException e, String[] args) {
    CommandLine command = e.getCommandLine();
    command.getErr().println("gfn: error: " + e.getMessage());
    command.getErr().println("Try 'gfn " + (command.getCommandName().equals("gfn") ? "" : command.getCommandName()
        + " ") + "--help' for the accepted options.");
    if (verbose) {
      e.printStackTrace(command.getErr());
    }
    return USAGE;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
    command.getErr().println("gfn: error: " + message(e));
    if (verbose) {
      e.printStackTrace(command.getErr());
    }
    return FAILURE;
  }

  /** The message of an expected error, or the exception's class and message for an unexpected one. */
  static String message(Throwable e) {
    if (e instanceof IllegalArgumentException || e instanceof IllegalStateException
        || e instanceof UncheckedIOException) {
      return e.getMessage();
    }
    return e.getClass().getSimpleName() + ": " + e.getMessage() + " (run with --verbose for details)";
  }
}
