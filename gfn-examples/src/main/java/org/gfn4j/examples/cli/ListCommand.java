package org.gfn4j.examples.cli;

import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.Map;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.plugin.Provider;
import org.gfn4j.core.plugin.PluginRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gfn list}: every discovered plugin with its parameters and defaults. */
@Command(name = "list", mixinStandardHelpOptions = true,
    description = "List every discovered environment, policy, objective and reward with its parameters.",
    footer = {"%nExample:", "  gfn list"})
final class ListCommand implements Runnable {
  private final PluginRegistry registry;

  @Spec
  private CommandSpec spec;

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
