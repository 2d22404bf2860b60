package org.gfn4j.api.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LogSumExpTest {
  private static final double NEG_INF = Double.NEGATIVE_INFINITY;

  @Test
  void of_isTheLogOfTheSumOfTheExponentials() {
    assertThat(LogSumExp.of(new double[] {Math.log(1), Math.log(2), Math.log(3)})).isCloseTo(Math.log(6),
        within(1e-15));
    assertThat(LogSumExp.of(new double[] {-2.5})).isEqualTo(-2.5);
  }

  @Test
  void of_neitherOverflowsNorUnderflows() {
    assertThat(LogSumExp.of(new double[] {1000, 1000})).isCloseTo(1000 + Math.log(2), within(1e-12));
    assertThat(LogSumExp.of(new double[] {-1000, -1000, -1000})).isCloseTo(-1000 + Math.log(3), within(1e-12));
  }

  @Test
  void of_isMinusInfinityForNoMassAndNaNForNaNOrPlusInfinity() {
    assertThat(LogSumExp.of(new double[0])).isEqualTo(NEG_INF);
    assertThat(LogSumExp.of(new double[] {NEG_INF, NEG_INF})).isEqualTo(NEG_INF);
    assertThat(LogSumExp.of(new double[] {NEG_INF, 0})).isEqualTo(0);
    assertThat(LogSumExp.of(new double[] {0, Double.NaN})).isNaN();
    assertThat(LogSumExp.of(new double[] {0, Double.POSITIVE_INFINITY})).isNaN();
  }

  @Test
  void twoValueForm_equalsTheArrayForm_toTheBit() {
    SplittableRandom random = new SplittableRandom(11);
    for (int i = 0; i < 1000; i++) {
      double a = i % 7 == 0 ? NEG_INF : 40 * random.nextDouble() - 20;
      double b = i % 5 == 0 ? NEG_INF : 40 * random.nextDouble() - 20;
      assertThat(LogSumExp.of(a, b)).as("log(e^%s + e^%s)", a, b).isEqualTo(LogSumExp.of(new double[] {a, b}));
    }
  }

  @Test
  void sequential_agreesWithOf_withinRounding() {
    double[] values = new SplittableRandom(12).doubles(50, -30, 30).toArray();
    assertThat(LogSumExp.sequential(values)).isCloseTo(LogSumExp.of(values), within(1e-12));
    assertThat(LogSumExp.sequential()).isEqualTo(NEG_INF);
    assertThat(LogSumExp.sequential(NEG_INF, NEG_INF)).isEqualTo(NEG_INF);
    assertThat(LogSumExp.sequential(NEG_INF, -4.0)).isEqualTo(-4.0);
  }

  @Test
  void mean_isTheLogOfTheMeanOfTheExponentials() {
    assertThat(LogSumExp.mean(Math.log(1), Math.log(3))).isCloseTo(Math.log(2), within(1e-12));
    assertThat(LogSumExp.mean(NEG_INF, NEG_INF)).isEqualTo(NEG_INF);
    assertThat(LogSumExp.mean()).isNaN();
  }
}
