package org.gfn4j.core.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** An exact evaluation that would not fit in the JVM's memory is refused before training, with one line. */
class ExactEvaluationMemoryTest {
  @Test
  void theEstimateGrowsWithStatesAndActions() {
    long small = RunFactory.exactEvaluationBytes(1000, 3);
    assertThat(RunFactory.exactEvaluationBytes(2000, 3)).isEqualTo(2 * small);
    assertThat(RunFactory.exactEvaluationBytes(1000, 9)).isGreaterThan(small);
    assertThat(small).isGreaterThanOrEqualTo(1000L * 3 * Double.BYTES); // at least the log-probabilities
  }

  @Test
  void anEvaluationLargerThanTheHeap_isRefusedNamingTheEnvironmentAndTheSizes() {
    assertThatThrownBy(() -> RunFactory.requireExactEvaluationFits("hypergrid", 2_000_000, 33, 64L << 20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("exact evaluation of environment 'hypergrid' (2000000 states, 33 actions) needs about ")
        .hasMessageContaining("more than the 64 MiB this JVM may use; give the JVM more memory (-Xmx)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void anEvaluationThatFits_passes() {
    assertThatCode(() -> RunFactory.requireExactEvaluationFits("hypergrid", 64, 3, Runtime.getRuntime().maxMemory()))
        .doesNotThrowAnyException();
  }
}
