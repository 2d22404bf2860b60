package org.gfn4j.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gfn4j.core.fixtures.Fixtures;
import org.gfn4j.core.train.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
  private final RunFactory factory = Fixtures.factory();

  private TrainingRun trained(Path folder) {
    TrainingRun run = factory.create(Fixtures.spec(4, 7));
    run.trainer(List.of()).run();
    CheckpointStore.save(folder, run, 4);
    return run;
  }

  @Test
  void saveThenLoad_restoresParametersLogZAndSpec(@TempDir Path folder) {
    TrainingRun original = trained(folder);
    TrainingRun loaded = CheckpointStore.load(folder, factory);
    assertThat(loaded.spec()).isEqualTo(original.spec());
    assertThat(loaded.model().logZ()).isEqualTo(original.model().logZ());
    assertThat(loaded.model().forwardPolicy().parameters().toFloatVector())
        .containsExactly(original.model().forwardPolicy().parameters().toFloatVector());
    assertThat(loaded.model().backwardPolicy().orElseThrow().parameters().toFloatVector())
        .containsExactly(original.model().backwardPolicy().orElseThrow().parameters().toFloatVector());
    assertThat(loaded.exactEvaluator().orElseThrow().terminalDistribution(loaded.model().forwardPolicy()))
        .containsExactly(original.exactEvaluator().orElseThrow().terminalDistribution(original.model().forwardPolicy()));
    Checkpoint checkpoint = CheckpointStore.read(folder);
    assertThat(checkpoint.iterations()).isEqualTo(4);
    assertThat(checkpoint.spec().training().seed()).isEqualTo(7);
    assertThat(checkpoint.gfn4jVersion()).isNotBlank().isNotEqualTo("unknown");
  }

  @Test
  void flippedByte_failsWithChecksumMessage(@TempDir Path folder) throws IOException {
    trained(folder);
    Path file = folder.resolve(CheckpointStore.PARAMETERS);
    byte[] bytes = Files.readAllBytes(file);
    bytes[bytes.length / 2] ^= 0x10;
    Files.write(file, bytes);
    assertThatThrownBy(() -> CheckpointStore.load(folder, factory))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("corrupt checkpoint " + file)
        .hasMessageContaining("checksum mismatch");
  }

  @Test
  void truncatedOrMissingFiles_failClearly(@TempDir Path folder) throws IOException {
    trained(folder);
    Path file = folder.resolve(CheckpointStore.PARAMETERS);
    Files.write(file, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> CheckpointStore.load(folder, factory)).hasMessageContaining("too short");
    Files.writeString(folder.resolve(CheckpointStore.METADATA), "{ not json");
    assertThatThrownBy(() -> CheckpointStore.read(folder)).hasMessageContaining("corrupt checkpoint")
        .hasMessageContaining(CheckpointStore.METADATA);
    assertThatThrownBy(() -> CheckpointStore.read(folder.resolve("nowhere")))
        .hasMessageContaining("no checkpoint in").hasMessageContaining("checkpoint.json is missing");
  }

  @Test
  void save_leavesNoTemporaryFiles(@TempDir Path folder) throws IOException {
    trained(folder);
    CheckpointStore.save(folder, factory.create(Fixtures.spec(1, 1)), 1);
    try (var files = Files.list(folder)) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder(CheckpointStore.METADATA, CheckpointStore.PARAMETERS);
    }
  }

  @Test
  void parameterFileFromAnotherSave_isRejected(@TempDir Path folder) throws IOException {
    trained(folder);
    byte[] first = Files.readAllBytes(folder.resolve(CheckpointStore.PARAMETERS));
    CheckpointStore.save(folder, factory.create(Fixtures.spec(1, 99)), 1);
    Files.write(folder.resolve(CheckpointStore.PARAMETERS), first); // as if the second save stopped half-way
    assertThatThrownBy(() -> CheckpointStore.load(folder, factory))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not the parameter file saved with checkpoint.json");
  }

  @Test
  void tabularEstimators_reloadWithTheSameRowsPerState(@TempDir Path folder) {
    RunSpec spec = new RunSpec(new PluginChoice("tiny-grid", Map.of("size", "4")), PluginChoice.of("tabular"),
        PluginChoice.of("tabular"), PluginChoice.of("quadratic"), PluginChoice.of("env"),
        TrainingConfig.defaults(3).withIterations(30).withBatchSize(8), 0);
    TrainingRun run = factory.create(spec);
    run.trainer(List.of()).run();
    double[] trained = run.exactEvaluator().orElseThrow().terminalDistribution(run.model().forwardPolicy());
    CheckpointStore.save(folder, run, 30);
    TrainingRun loaded = CheckpointStore.load(folder, factory);
    assertThat(loaded.exactEvaluator().orElseThrow().terminalDistribution(loaded.model().forwardPolicy()))
        .containsExactly(trained);
    assertThat(trained[0]).isNotCloseTo(1.0 / 3, org.assertj.core.api.Assertions.within(1e-6)); // it learned
  }
}
