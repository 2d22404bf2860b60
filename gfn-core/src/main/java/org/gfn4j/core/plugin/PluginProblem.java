package org.gfn4j.core.plugin;

import static java.util.Objects.requireNonNull;

/**
 * A plugin that could not be loaded: a one-line message naming the jar, the class and why, and the cause (null
 * when there is none) for a verbose report.
 *
 * @param message one line naming the jar (or path), the class and the reason
 * @param cause the exception or error behind it, or null
 */
public record PluginProblem(String message, Throwable cause) {
  /** Checks the message and folds it onto one line. */
  public PluginProblem {
    message = requireNonNull(message, "message is null").replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}
