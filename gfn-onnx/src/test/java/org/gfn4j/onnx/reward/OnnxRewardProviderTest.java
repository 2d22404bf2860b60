package org.gfn4j.onnx.reward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.gfn4j.core.run.PluginChoice;
import org.gfn4j.core.run.TrainingRun;
import org.gfn4j.onnx.testing.Runs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reward "onnx" through the plugin registry, as {@code --reward onnx --reward-opt ...} builds it. */
class OnnxRewardProviderTest {
  @TempDir
  Path folder;

  private static TrainingRun create(Map<String, String> options) {
    return Runs.FACTORY.create(Runs.spec(2, 8, 8, 1, "relu", false, new PluginChoice("onnx", options), 0, 8, 1));
  }

  @Test
  void isDiscovered_andBuildsTheProxyFromItsOptions() {
    assertThat(Runs.FACTORY.registry().rewards()).containsKey("onnx");
    TrainingRun run = create(Map.of("model", OnnxRewardTest.proxyModel().toString(), "output", "reward",
        "input_name", "x", "output_name", "reward", "batch_size", "32"));
    assertThat(run.model().reward().describe()).isEqualTo("onnx proxy proxy_reward.onnx ('reward' as reward)");
  }

  @Test
  void badOptions_failNamingTheProviderAndKey() {
    assertThatThrownBy(() -> create(Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("reward 'onnx' needs parameter 'model'");
    assertThatThrownBy(() -> create(Map.of("model", "r.onnx", "scale", "2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reward 'onnx' has no parameter 'scale'; accepted: model, output, input_name, output_name, "
            + "batch_size");
    assertThatThrownBy(() -> create(Map.of("model", "r.onnx", "output", "probability")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reward 'onnx': output=probability is invalid; expected one of reward, log_reward");
  }

  @Test
  void aMissingModel_failsWhenTheRunIsBuilt() {
    Path missing = folder.resolve("reward.onnx");
    assertThatThrownBy(() -> create(Map.of("model", missing.toString())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ONNX model " + missing + " does not exist");
  }
}
