package org.gfn4j.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.gfn4j.core.train.TrainingConfig;
import org.junit.jupiter.api.Test;

/** The run specification's optional mode threshold: validated, saved only when given, read back, hashed. */
class RunSpecTest {
  private static final RunSpec PLAIN = new RunSpec(new PluginChoice("hypergrid", Map.of("ndim", "3")),
      PluginChoice.of("mlp"), PluginChoice.of("mlp"), PluginChoice.of("tb"), PluginChoice.of("env"),
      TrainingConfig.defaults(1), 0);

  @Test
  void aRunWithoutAModeThreshold_keepsTheRunIdItHadBeforeThereWasOne() {
    assertThat(PLAIN.modeThreshold()).isNull();
    assertThat(PLAIN.modeLogRewardThreshold()).isEmpty();
    assertThat(CheckpointStore.runSpecToJson(PLAIN)).doesNotContain("modeThreshold");
    assertThat(CheckpointStore.runId(PLAIN)).isEqualTo("1-5279207827e4"); // the id gfn4j gave it before
    assertThat(CheckpointStore.runSpecFromJson(CheckpointStore.runSpecToJson(PLAIN), "test")).isEqualTo(PLAIN);
  }

  @Test
  void aModeThreshold_isSaved_readBack_keptByWithTraining_andChangesTheRunId() {
    RunSpec given = PLAIN.withModeThreshold(2.5);
    assertThat(given.modeLogRewardThreshold()).hasValue(Math.log(2.5));
    String json = CheckpointStore.runSpecToJson(given);
    assertThat(json).contains("\"modeThreshold\":2.5");
    assertThat(CheckpointStore.runSpecFromJson(json, "test")).isEqualTo(given);
    assertThat(given.withTraining(given.training().withIterations(5)).modeThreshold()).isEqualTo(2.5);
    assertThat(CheckpointStore.runId(given)).isNotEqualTo(CheckpointStore.runId(PLAIN))
        .isEqualTo(CheckpointStore.runId(PLAIN.withModeThreshold(2.5)));
    assertThat(given.withModeThreshold(null)).isEqualTo(PLAIN);
  }

  @Test
  void aModeThreshold_mustBeAPositiveFiniteReward() {
    for (double bad : List.of(0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY)) {
      assertThatThrownBy(() -> PLAIN.withModeThreshold(bad)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("--mode-threshold must be a reward > 0 and finite (its log is compared with the log-rewards), "
              + "got " + bad);
    }
    assertThat(PLAIN.withModeThreshold(1e-300).modeLogRewardThreshold()).hasValue(Math.log(1e-300));
  }
}
