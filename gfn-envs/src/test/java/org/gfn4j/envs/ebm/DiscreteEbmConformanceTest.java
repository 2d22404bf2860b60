package org.gfn4j.envs.ebm;

import java.util.Map;
import org.gfn4j.testkit.EnumerableConformance;
import org.gfn4j.testkit.EnvironmentConformance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The conformance kit on "discrete-ebm" and "ising" at several sizes, enumerable or not. */
class DiscreteEbmConformanceTest {
  private static final long SEED = 20261210L;

  @ParameterizedTest(name = "discrete-ebm ndim={0} alpha={1}")
  @CsvSource({"1, 1", "2, 0.1", "4, 1", "6, -0.5", "9, 2", "20, 1"})
  void discreteEbm_passesTheKit(int ndim, double alpha) {
    DiscreteEbm env = DiscreteEbmProvider.of(Map.of("ndim", "" + ndim, "alpha", "" + alpha));

    EnvironmentConformance.check(env, SEED);
    if (env.isEnumerable()) {
      EnumerableConformance.check(env);
    }
  }

  @ParameterizedTest(name = "ising l={0} j={1}")
  @CsvSource({"2, 0.44", "3, -1", "4, 0.44", "6, 0.44"})
  void ising_passesTheKit(int side, double coupling) {
    DiscreteEbm env = IsingProvider.of(Map.of("l", "" + side, "j", "" + coupling));

    EnvironmentConformance.check(env, SEED);
    if (env.isEnumerable()) {
      EnumerableConformance.check(env);
    }
  }
}
