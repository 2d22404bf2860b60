package org.gfn4j.api.objective;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.gfn4j.api.objective.ResidualPenalty.Kind;
import org.gfn4j.api.param.Parameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ResidualPenaltyTest {
  private static final double LN2 = Math.log(2);

  static Stream<ResidualPenalty> penalties() {
    return Stream.of(
        ResidualPenalty.SQUARED,
        new ResidualPenalty(Kind.HALF_SQUARED, 1),
        new ResidualPenalty(Kind.SHIFTED_COSH, 1),
        new ResidualPenalty(Kind.LINEX, 0.5),
        new ResidualPenalty(Kind.LINEX, 1),
        new ResidualPenalty(Kind.LINEX, 2));
  }

  @Test
  void squared_atHandPoints() {
    assertThat(ResidualPenalty.SQUARED.value(3)).isEqualTo(9);
    assertThat(ResidualPenalty.SQUARED.value(-0.5)).isEqualTo(0.25);
    assertThat(ResidualPenalty.SQUARED.derivative(-0.5)).isEqualTo(-1);
  }

  @Test
  void halfSquared_atHandPoints() {
    ResidualPenalty penalty = new ResidualPenalty(Kind.HALF_SQUARED, 1);

    assertThat(penalty.value(3)).isEqualTo(4.5);
    assertThat(penalty.value(-1)).isEqualTo(0.5);
    assertThat(penalty.derivative(-1.25)).isEqualTo(-1.25);
  }

  @Test
  void shiftedCosh_atHandPoints() {
    ResidualPenalty penalty = new ResidualPenalty(Kind.SHIFTED_COSH, 1);

    assertThat(penalty.value(0)).isEqualTo(0);
    // e^(ln 2) + e^(-ln 2) - 2 = 2 + 1/2 - 2
    assertThat(penalty.value(LN2)).isCloseTo(0.5, within(1e-15));
    assertThat(penalty.value(-LN2)).isCloseTo(0.5, within(1e-15));
    // e^(ln 2) - e^(-ln 2) = 2 - 1/2
    assertThat(penalty.derivative(LN2)).isCloseTo(1.5, within(1e-15));
    assertThat(penalty.derivative(-LN2)).isCloseTo(-1.5, within(1e-15));
    assertThat(penalty.value(1)).isCloseTo(Math.E + 1 / Math.E - 2, within(1e-15));
  }

  @Test
  void linex_atHandPoints() {
    ResidualPenalty one = new ResidualPenalty(Kind.LINEX, 1);
    ResidualPenalty half = new ResidualPenalty(Kind.LINEX, 0.5);

    // (e^(ln 2) - ln 2 - 1) / 1
    assertThat(one.value(LN2)).isCloseTo(1 - LN2, within(1e-15));
    // (e^(0.5 * 2 ln 2) - 0.5 * 2 ln 2 - 1) / 0.25
    assertThat(half.value(2 * LN2)).isCloseTo(4 * (1 - LN2), within(1e-15));
    // (e^(0.5 * 2 ln 2) - 1) / 0.5
    assertThat(half.derivative(2 * LN2)).isCloseTo(2, within(1e-15));
    assertThat(half.value(0)).isEqualTo(0);
  }

  @Test
  void linex_isCloseToHalfSquaredNearZero() {
    ResidualPenalty penalty = new ResidualPenalty(Kind.LINEX, 0.5);

    assertThat(penalty.value(1e-4)).isCloseTo(0.5e-8, within(1e-12));
    assertThat(penalty.value(-1e-4)).isCloseTo(0.5e-8, within(1e-12));
  }

  @ParameterizedTest
  @MethodSource("penalties")
  void derivative_matchesCentralFiniteDifferences(ResidualPenalty penalty) {
    double h = 1e-6;
    for (double t : new double[] {-3, -1.5, -0.3, -1e-3, 0, 0.2, 1, 2.5}) {
      double numeric = (penalty.value(t + h) - penalty.value(t - h)) / (2 * h);
      double analytic = penalty.derivative(t);
      assertThat(analytic).as("%s at t=%s", penalty, t)
          .isCloseTo(numeric, within(1e-6 * Math.max(1, Math.abs(numeric))));
    }
  }

  @ParameterizedTest
  @MethodSource("penalties")
  void value_isZeroAtZeroAndPositiveElsewhere(ResidualPenalty penalty) {
    assertThat(penalty.value(0)).isEqualTo(0);
    assertThat(penalty.derivative(0)).isEqualTo(0);
    for (double t : new double[] {-2, -0.1, 0.1, 2}) {
      assertThat(penalty.value(t)).as("%s at t=%s", penalty, t).isPositive();
    }
  }

  @Test
  void shiftedCosh_clampsLargeResiduals() {
    ResidualPenalty penalty = new ResidualPenalty(Kind.SHIFTED_COSH, 1);
    double atClamp = Math.exp(80) + Math.exp(-80) - 2;

    assertThat(penalty.value(80)).isEqualTo(atClamp);
    assertThat(penalty.value(100)).isEqualTo(atClamp);
    assertThat(penalty.value(-1000)).isEqualTo(atClamp);
    assertThat(penalty.derivative(100)).isZero();
    assertThat(penalty.derivative(-100)).isZero();
    assertThat(penalty.derivative(79)).isEqualTo(Math.exp(79) - Math.exp(-79));
  }

  @Test
  void constructor_rejectsInvalidAlpha() {
    for (double alpha : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> new ResidualPenalty(Kind.LINEX, alpha))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("residual penalty alpha must be positive and finite, got " + alpha);
    }
    assertThatThrownBy(() -> new ResidualPenalty(null, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("kind is null");
  }

  @Test
  void from_readsTheDeclaredParameters() {
    assertThat(ResidualPenalty.from(Parameters.defaults("objective 'x'", ResidualPenalty.PARAMETERS)))
        .isEqualTo(ResidualPenalty.SQUARED);
    Parameters linex = Parameters.parse("objective 'x'", ResidualPenalty.PARAMETERS,
        Map.of("residual", "LinEx", "linex_alpha", "0.5"));
    assertThat(ResidualPenalty.from(linex)).isEqualTo(new ResidualPenalty(Kind.LINEX, 0.5));
  }

  @Test
  void kindParameter_offersEveryKind() {
    List<String> choices = ResidualPenalty.KIND_PARAMETER.choices();

    assertThat(choices).hasSize(Kind.values().length);
    for (Kind kind : Kind.values()) {
      assertThat(choices).contains(kind.name().toLowerCase(java.util.Locale.ROOT));
    }
  }
}
