package org.gfn4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.gfn4j.core.plugin.PluginRegistry;
import org.gfn4j.core.run.PluginChoice;
import org.gfn4j.core.run.RunFactory;
import org.gfn4j.core.run.RunSpec;
import org.gfn4j.core.train.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Invalid objective set-ups fail when the run is configured, with one clear line, before any training. */
class ObjectiveConfigurationErrorsTest {
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "--loss zvar --lr-z 0.1|objective 'zvar' learns no log Z, so a log Z learning rate (--lr-z 0.1) does not apply",
      "--loss subtb --loss-opt lambda=0|lambda",
      "--loss subtb --loss-opt lambda=-1|lambda",
      "--loss subtb --loss-opt weighting=bogus|weighting=bogus is invalid; expected one of",
      "--loss rtb|objective 'rtb' needs a frozen prior policy: give the checkpoint folder of a trained run (--prior DIR)",
      "--loss tb --prior somewhere|objective 'tb' uses no prior policy; remove --prior /",
      "--tied --policy tabular|--tied shares an MLP trunk, so it needs policy 'mlp', not 'tabular'",
      "--policy tabular --env-opt ndim=8|policy 'tabular' keeps one row per state, but environment 'hypergrid' has "
          + "too many states to list",
      "--buffer-kind lifo|unknown buffer kind 'lifo'; accepted: uniform, prioritized, proportional",
      "--replay-buffer -1|replay buffer capacity must be >= 0",
      "--loss fm --loss-opt alpha=-1|alpha",
      "--env box --policy tabular|policy 'tabular' keeps one row per state of a discrete enumerable environment, but "
          + "environment 'box' is continuous; use policy 'mlp'",
      "--env box --loss fm|objective 'fm' reads PF_LOGITS and PF_PARENT_LOGITS, which exist only for discrete",
      "--env line --loss mdb|objective 'mdb' reads PF_LOG_PROBS, which exist only for discrete environments",
      "--env box --replay-buffer 8 --buffer-kind terminal|the terminal-state replay buffer re-samples trajectories",
      "--env conditional-hypergrid --policy tabular|policy 'tabular' keeps one row per state and cannot read a "
          + "condition, but environment 'conditional-hypergrid' is conditional; use policy 'mlp'",
      "--eval-conditions 0,0.5|evaluation conditions [0.0, 0.5] apply to conditional environments, but environment "
          + "'hypergrid' is unconditional; remove --eval-conditions",
      "--dtype float16|unknown dtype 'float16'; accepted: float32, float64",
      "--policy tabular --dtype float64|policy 'tabular' computes in float32, not DOUBLE",
      "--env box --env-opt delta=2|delta"})
  void invalidCombination_failsAtConfiguration(String arguments, String message, @TempDir Path out) {
    List<String> args = new ArrayList<>(List.of("train", "--iterations", "1", "--no-progress", "--out",
        out.toString()));
    args.addAll(List.of(arguments.split(" ")));
    CliRunner result = CliRunner.run(args.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
    assertThat(result.err()).startsWith("gfn: error: ").contains(message).doesNotContain("\tat ");
    assertThat(out.resolve("metrics.csv")).doesNotExist();
  }

  @Test
  void flowMatching_onAContinuousEnvironment_failsAtConfiguration() {
    PluginRegistry registry = PluginRegistry.discover();
    RunSpec spec = new RunSpec(PluginChoice.of("line"), new PluginChoice("mlp", Map.of()),
        new PluginChoice("mlp", Map.of()), PluginChoice.of("fm"), PluginChoice.of("env"),
        TrainingConfig.defaults(1), 0);
    assertThatThrownBy(() -> new RunFactory(registry).create(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("objective 'fm' reads PF_LOGITS and PF_PARENT_LOGITS, which exist only for discrete "
            + "environments, but environment 'line' is not discrete; use an objective that reads log-probabilities "
            + "and flows (tb, db, subtb, zvar)");
  }
}
