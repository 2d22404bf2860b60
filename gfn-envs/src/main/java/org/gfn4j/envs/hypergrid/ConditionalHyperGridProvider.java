package org.gfn4j.envs.hypergrid;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.gfn4j.api.env.EnvironmentProvider;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;

/**
 * Provides the conditional HyperGrid of torchgfn ({@code ConditionalHyperGrid}), registered as
 * {@code "conditional-hypergrid"}: the grid of {@link HyperGridProvider} with its parameters, where each
 * trajectory carries a condition c drawn uniformly in [0, 1] and the reward is {@code (1 - c) (R0 + R1 + R2) +
 * c R(s)}: uniform at c = 0, the original reward at c = 1. Its exact log Z and distribution are per condition. Only
 * {@code reward=original} is accepted, as in torchgfn, whose conditional grid mixes with the original reward.
 */
public final class ConditionalHyperGridProvider implements EnvironmentProvider {
  /** The provider name. */
  public static final String NAME = "conditional-hypergrid";

  private final HyperGridProvider grid = new HyperGridProvider();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "HyperGrid whose reward (1-c)(R0+R1+R2) + c R(s) depends on a condition c in [0, 1] per trajectory "
        + "(torchgfn's ConditionalHyperGrid)";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return grid.parameters();
  }

  /**
   * Builds the grid.
   *
   * @throws IllegalArgumentException for the invalid combinations {@link HyperGridProvider#create} refuses, and for
   *     a {@code reward} other than {@code original}
   */
  @Override
  public HyperGrid create(Parameters parameters) {
    requireNonNull(parameters, "parameters is null");
    String reward = parameters.getString(HyperGridProvider.REWARD);
    if (!reward.equals(RewardFamily.ORIGINAL.key())) {
      throw new IllegalArgumentException(parameters.owner() + ": reward=" + reward + " is not supported; the "
          + "conditional grid mixes the uniform reward with the original one, so it accepts only reward=original");
    }
    return new HyperGrid(parameters, true);
  }
}
