package org.gfn4j.envs.tree;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.gfn4j.api.env.EnvironmentProvider;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;

/**
 * Provides {@link PerfectTree}, torchgfn's {@code PerfectBinaryTree} with a built-in leaf reward; registered as
 * {@code "perfect-tree"}.
 */
public final class PerfectTreeProvider implements EnvironmentProvider {
  /** The provider name. */
  public static final String NAME = "perfect-tree";
  /** Key of the tree depth (torchgfn's {@code depth}). */
  public static final String DEPTH = "depth";
  /** Key of the reward kind. */
  public static final String REWARD = "reward";
  /** Key of the seed of the random leaf table. */
  public static final String SEED = "seed";
  /** Key of the temperature of the random leaf table. */
  public static final String TEMPERATURE = "temperature";

  static final String OWNER = "environment '" + NAME + "'";

  private static final List<ParameterSpec> PARAMETERS = List.of(
      ParameterSpec.integer(DEPTH, 4, 1, PerfectTree.MAX_DEPTH,
          "depth of the tree: 2^depth leaves and 2^(depth+1)-1 nodes (torchgfn's default 4)"),
      ParameterSpec.choice(REWARD, "table",
          "leaf reward: table (log R = v/temperature, v uniform in [-1, 1) per leaf from seed), "
              + "index (R = node index + 1, torchgfn's test), uniform (R = 1)",
          "table", "index", "uniform"),
      ParameterSpec.integer(SEED, 0, 0, Integer.MAX_VALUE, "seed of the leaf values of reward=table"),
      ParameterSpec.realAbove(TEMPERATURE, 1.0, 0, 1000,
          "temperature of reward=table: log R = v / temperature"));

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "perfect binary tree, one trajectory per leaf, seeded random leaf rewards (torchgfn's PerfectBinaryTree)";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return PARAMETERS;
  }

  /** Builds the tree and its leaf-reward table. */
  @Override
  public PerfectTree create(Parameters parameters) {
    return new PerfectTree(requireNonNull(parameters, "parameters is null"));
  }
}
