package org.gfn4j.examples.cli;

import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.Map;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.plugin.Provider;
import org.gfn4j.core.plugin.PluginRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gfn list}: every discovered plugin with its parameters and defaults. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List every discovered environment, policy, objective and reward with its parameters.",
    footer = {"%nExamples:", "  gfn list", "  gfn list --plugins plugins/ --verbose"})
final class ListCommand implements Runnable {
  private final PluginRegistry registry;

  @Spec
  private CommandSpec spec;

  // Read by ErrorHandler, which prints the causes of plugins that could not be loaded.
  @Option(names = "--verbose", description = "Show why a plugin could not be loaded (its stack trace).")
  private boolean verbose;

  @Inject
  ListCommand(PluginRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    section(out, "Environments (--env NAME --env-opt KEY=VALUE)", registry.environments());
    section(out, "Policies (--policy NAME)", registry.policies());
    section(out, "Objectives (--loss NAME --loss-opt KEY=VALUE)", registry.objectives());
    section(out, "Rewards (--reward NAME --reward-opt KEY=VALUE)", registry.rewards());
  }

  private static void section(PrintWriter out, String title, Map<String, ? extends Provider> providers) {
    out.println(title);
    for (Provider provider : providers.values()) {
      out.printf("  %-12s %s%n", provider.name(), provider.description());
      for (ParameterSpec parameter : provider.parameters()) {
        out.printf("      %-20s %s (default %s; %s)%n", parameter.name(), parameter.doc(),
            parameter.required() ? "none, required" : parameter.defaultText(), parameter.accepted());
      }
    }
    out.println();
  }
}
