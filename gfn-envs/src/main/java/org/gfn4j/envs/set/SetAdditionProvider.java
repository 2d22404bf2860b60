package org.gfn4j.envs.set;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.gfn4j.api.env.EnvironmentProvider;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;

/**
 * Provides {@link SetAddition}, torchgfn's {@code SetAddition} with a built-in set reward; registered as
 * {@code "set-addition"}.
 */
public final class SetAdditionProvider implements EnvironmentProvider {
  /** The provider name. */
  public static final String NAME = "set-addition";
  /** Key of the number of items (torchgfn's {@code n_items}). */
  public static final String N_ITEMS = "n_items";
  /** Key of the largest set size (torchgfn's {@code max_items}). */
  public static final String MAX_ITEMS = "max_items";
  /** Key of whether every set has exactly {@code max_items} items (torchgfn's {@code fixed_length}). */
  public static final String FIXED_LENGTH = "fixed_length";
  /** Key of the reward kind. */
  public static final String REWARD = "reward";
  /** Key of the seed of the item values. */
  public static final String SEED = "seed";
  /** Key of the temperature of the item values. */
  public static final String TEMPERATURE = "temperature";

  static final String OWNER = "environment '" + NAME + "'";

  private static final List<ParameterSpec> PARAMETERS = List.of(
      ParameterSpec.integer(N_ITEMS, 6, 1, SetAddition.MAX_N_ITEMS,
          "number of items n: a state is a 0/1 vector of length n"),
      ParameterSpec.integer(MAX_ITEMS, 4, 1, SetAddition.MAX_N_ITEMS,
          "largest set size (at most n_items): a set of that size can only exit"),
      ParameterSpec.flag(FIXED_LENGTH, false,
          "true: only sets of exactly max_items items exit; false: a set of any size up to max_items may exit"),
      ParameterSpec.choice(REWARD, "values",
          "set reward: values (log R = sum of the items' values / temperature, values uniform in [-1, 1) from "
              + "seed), size (R = number of items, torchgfn's test; R(empty set) = 0, so without fixed_length TB "
              + "needs log_reward_clip_min), uniform (R = 1)",
          "values", "size", "uniform"),
      ParameterSpec.integer(SEED, 0, 0, Integer.MAX_VALUE, "seed of the item values of reward=values"),
      ParameterSpec.realAbove(TEMPERATURE, 1.0, 0, 1000,
          "temperature of reward=values: log R = sum of values / temperature"));

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "sets built by adding items, reward from seeded item values (torchgfn's SetAddition, a DAG)";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return PARAMETERS;
  }

  /**
   * Builds the environment.
   *
   * @throws IllegalArgumentException if {@code max_items > n_items}
   */
  @Override
  public SetAddition create(Parameters parameters) {
    return new SetAddition(requireNonNull(parameters, "parameters is null"));
  }
}
