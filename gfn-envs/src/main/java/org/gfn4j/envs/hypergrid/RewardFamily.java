package org.gfn4j.envs.hypergrid;

import static org.gfn4j.envs.hypergrid.HyperGridProvider.MODE_GAMMA;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.MODE_PROB;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.R0;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.R1;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.R2;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.R_MODE;
import static org.gfn4j.envs.hypergrid.HyperGridProvider.SEED;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;

/**
 * The HyperGrid reward families, by the value of the {@code reward} parameter (torchgfn's {@code reward_fn_str}),
 * each with the reward keys it reads; a reward key the chosen family does not read must keep its default.
 */
enum RewardFamily {
  ORIGINAL(List.of(R0, R1, R2)) {
    @Override
    GridReward build(Parameters p, int ndim, int height) {
      return new OriginalReward(ndim, height, p.getDouble(R0), p.getDouble(R1), p.getDouble(R2));
    }
  },
  COSINE(List.of(R0, R1, MODE_GAMMA)) {
    @Override
    GridReward build(Parameters p, int ndim, int height) {
      return new CosineReward(p.owner(), ndim, height, p.getDouble(R0), p.getDouble(R1), p.getDouble(MODE_GAMMA));
    }
  },
  SPARSE(List.of()) {
    @Override
    GridReward build(Parameters p, int ndim, int height) {
      return new SparseReward(ndim, height);
    }
  },
  DECEPTIVE(List.of(R0, R1, R2)) {
    @Override
    GridReward build(Parameters p, int ndim, int height) {
      return new DeceptiveReward(p.owner(), ndim, height, p.getDouble(R0), p.getDouble(R1), p.getDouble(R2));
    }
  },
  UNIFORM_RANDOM(List.of(R0, R_MODE, MODE_PROB, SEED)) {
    @Override
    GridReward build(Parameters p, int ndim, int height) {
      return new UniformRandomReward(p.owner(), ndim, p.getDouble(R0), p.getDouble(R_MODE), p.getDouble(MODE_PROB),
          p.getInt(SEED));
    }
  };

  /** Every reward key, in declaration order. */
  static final List<String> REWARD_KEYS = List.of(R0, R1, R2, MODE_GAMMA, R_MODE, MODE_PROB, SEED);

  private final List<String> keys;

  RewardFamily(List<String> keys) {
    this.keys = keys;
  }

  /** The value of the {@code reward} parameter that selects this family ({@code "uniform_random"}). */
  String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Every family's {@link #key}, in declaration order. */
  static String[] keys() {
    return Arrays.stream(values()).map(RewardFamily::key).toArray(String[]::new);
  }

  /** The family the {@code reward} parameter names. */
  static RewardFamily of(Parameters parameters) {
    return valueOf(parameters.getString(HyperGridProvider.REWARD).toUpperCase(Locale.ROOT));
  }

  /**
   * The family's reward for a grid of {@code ndim} dimensions of side {@code height}.
   *
   * @param declared the specs behind {@code parameters}, for the defaults of the keys this family does not read
   * @throws IllegalArgumentException naming the key if a key this family does not read was changed from its
   *     default, or if the family refuses its values
   */
  GridReward create(Parameters parameters, List<ParameterSpec> declared, int ndim, int height) {
    Map<String, String> values = parameters.asStrings();
    for (ParameterSpec spec : declared) {
      String key = spec.name();
      if (REWARD_KEYS.contains(key) && !keys.contains(key)
          && !values.get(key).equals(String.valueOf(spec.defaultValue()))) {
        throw new IllegalArgumentException(parameters.owner() + ": " + key + "=" + values.get(key)
            + " is not read by reward=" + key() + ", which takes "
            + (keys.isEmpty() ? "no reward parameters" : String.join(", ", keys)) + "; leave " + key
            + " out, or choose a reward that reads it (" + String.join(", ", readers(key)) + ")");
      }
    }
    return build(parameters, ndim, height);
  }

  abstract GridReward build(Parameters parameters, int ndim, int height);

  private static List<String> readers(String key) {
    List<String> readers = new ArrayList<>();
    for (RewardFamily family : values()) {
      if (family.keys.contains(key)) {
        readers.add(family.key());
      }
    }
    return readers;
  }
}
