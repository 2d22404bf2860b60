package com.example.gfn4j.tree;

import java.util.List;
import org.gfn4j.api.env.Environment;
import org.gfn4j.api.env.EnvironmentProvider;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;

/**
 * Provides {@link BinaryTree} as environment "binary-tree". Registered in this module's
 * {@code META-INF/services/org.gfn4j.api.env.EnvironmentProvider}, exactly as a plugin jar would do it.
 */
public final class BinaryTreeProvider implements EnvironmentProvider {
  /** The environment's name. */
  public static final String NAME = "binary-tree";
  static final String DEPTH = "depth";
  static final String PERIOD = "period";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "perfect binary tree, one trajectory per leaf (an example third-party plugin)";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return List.of(
        ParameterSpec.integer(DEPTH, 4, 1, 16, "depth of the tree: 2^depth leaves"),
        ParameterSpec.integer(PERIOD, 3, 1, 1000, "leaf k has reward 1 + (k mod period)"));
  }

  @Override
  public Environment create(Parameters parameters) {
    return new BinaryTree(parameters);
  }
}
