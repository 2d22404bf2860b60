package com.example.gfn4j.tree;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.gfn4j.api.env.DiscreteEnvironment;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.api.policy.Exploration;
import org.gfn4j.core.eval.Evaluation;
import org.gfn4j.core.optim.AdamSettings;
import org.gfn4j.core.plugin.PluginRegistry;
import org.gfn4j.core.replay.ReplayConfig;
import org.gfn4j.core.run.PluginChoice;
import org.gfn4j.core.run.RunFactory;
import org.gfn4j.core.run.RunSpec;
import org.gfn4j.core.train.TrainingConfig;
import org.gfn4j.testkit.EnvironmentConformance;
import org.junit.jupiter.api.Test;

/** The example plugin is discovered like any jar, passes the conformance kit, and trains through the framework. */
class BinaryTreeTest {
  private static final RunFactory FACTORY = new RunFactory(PluginRegistry.discover());

  private static RunSpec spec(String objective) {
    PluginChoice mlp = new PluginChoice("mlp", Map.of("hidden", "64", "layers", "2"));
    return new RunSpec(new PluginChoice("binary-tree", Map.of("depth", "4")), mlp, mlp, PluginChoice.of(objective),
        PluginChoice.of("env"), new TrainingConfig(500, 16, 1e-3, null, 0, AdamSettings.DEFAULTS, Exploration.NONE,
            ReplayConfig.NONE, 0, 1), 0);
  }

  @Test
  void isDiscovered_andPassesTheConformanceKit() {
    var provider = PluginRegistry.discover().environment("binary-tree");
    DiscreteEnvironment tree = (DiscreteEnvironment) provider.create(
        Parameters.parse("environment 'binary-tree'", provider.parameters(), Map.of("depth", "3")));
    EnvironmentConformance.check(tree, 5);
    assertThat(((BinaryTree) tree).closedFormLogPartition().orElseThrow()).isCloseTo(Math.log(15), within(1e-12));
    // 8 leaves: rewards 1,2,3,1,2,3,1,2 sum to 15
  }

  @Test
  void trajectoryBalance_learnsTheLeafDistribution() {
    Evaluation evaluation = FACTORY.create(spec("tb")).trainer(List.of()).run().evaluation().orElseThrow();
    assertThat(evaluation.l1()).isLessThan(0.05);
    assertThat(evaluation.logZTrue()).isCloseTo(Math.log(31), within(1e-12)); // 16 leaves: 1,2,3 five times (30), then 1
  }

  @Test
  void modifiedDetailedBalance_refusesATreeWhereInnerNodesCannotExit_atConfiguration() {
    assertThatThrownBy(() -> FACTORY.create(spec("mdb")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("objective 'mdb' reads the reward of every state, but environment 'binary-tree' has states "
            + "that cannot exit, such as [0]");
  }
}
