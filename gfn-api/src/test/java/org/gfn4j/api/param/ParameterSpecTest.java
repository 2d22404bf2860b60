package org.gfn4j.api.param;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ParameterSpecTest {
  @Test
  void factories_setTypeAndDefault() {
    assertThat(ParameterSpec.integer("n", 3, 1, 5, "d").type()).isEqualTo(ParameterType.INTEGER);
    assertThat(ParameterSpec.real("x", 0.5, 0, 1, "d").defaultValue()).isEqualTo(0.5);
    assertThat(ParameterSpec.flag("f", true, "d").defaultValue()).isEqualTo(true);
    assertThat(ParameterSpec.choice("c", "b", "d", "a", "b").choices()).containsExactly("a", "b");
    assertThat(ParameterSpec.text("t", null, "d").required()).isTrue();
    assertThat(ParameterSpec.text("t", "", "d").required()).isFalse();
  }

  @Test
  void constructor_rejectsBadName() {
    assertThatThrownBy(() -> ParameterSpec.integer("Depth", 1, 0, 2, "d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parameter name 'Depth' must be lower case letters, digits and '_'");
    assertThatThrownBy(() -> ParameterSpec.flag("log-z", true, "d"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void constructor_rejectsEmptyRange() {
    assertThatThrownBy(() -> ParameterSpec.real("x", 0, 1, 0, "d"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parameter 'x': min 1.0 > max 0.0");
  }

  @Test
  void choice_rejectsDefaultOutsideChoices() {
    assertThatThrownBy(() -> ParameterSpec.choice("c", "z", "d", "a", "b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("default 'z' of 'c' is not in [a, b]");
  }

  @Test
  void accepted_describesTheRangeInWords() {
    assertThat(ParameterSpec.integer("n", 3, 1, 64, "d").accepted()).isEqualTo("an integer in [1, 64]");
    assertThat(ParameterSpec.real("a", 1, 1e-6, 100, "d").accepted()).isEqualTo("a number in [0.000001, 100]");
    assertThat(ParameterSpec.real("m", 0, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, "d").accepted())
        .isEqualTo("a number in [-inf, inf]");
    assertThat(ParameterSpec.flag("f", true, "d").accepted()).isEqualTo("true or false");
    assertThat(ParameterSpec.choice("c", "a", "d", "a", "b").accepted()).isEqualTo("one of a, b");
    assertThat(ParameterSpec.text("t", "", "d").accepted()).isEqualTo("text");
  }

  @Test
  void parse_keepsTheCauseOfAMalformedValue() {
    assertThatThrownBy(() -> ParameterSpec.integer("n", 3, 1, 5, "d").parse("three", "test"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("test: n=three is invalid; expected an integer in [1, 5]")
        .hasCauseInstanceOf(NumberFormatException.class);
  }

  @Test
  void defaultText_readsAsUsersTypeIt() {
    assertThat(ParameterSpec.real("clip", Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, 0, "d").defaultText())
        .isEqualTo("-inf");
    assertThat(ParameterSpec.real("lr", 1e-6, 0, 1, "d").defaultText()).isEqualTo("0.000001");
    assertThat(ParameterSpec.integer("n", 3, 1, 9, "d").defaultText()).isEqualTo("3");
    assertThat(ParameterSpec.text("path", null, "d").defaultText()).isEqualTo("none");
    assertThat(ParameterSpec.text("name", "", "d").defaultText()).isEqualTo("\"\"");
  }

  @Test
  void realAbove_excludesItsLowerBound_andSaysSo() {
    ParameterSpec beta = ParameterSpec.realAbove("beta", 1.0, 0, 1000, "exponent");
    assertThat(beta.accepted()).isEqualTo("a number in (0, 1000]");
    assertThat(beta.parse("0.001", "reward 'r'")).isEqualTo(0.001);
    assertThat(beta.parse("1000", "reward 'r'")).isEqualTo(1000.0);
    assertThatThrownBy(() -> beta.parse("0", "reward 'r'"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reward 'r': beta=0 is invalid; expected a number in (0, 1000]");
    assertThat(ParameterSpec.real("beta", 1.0, 0, 1000, "d").parse("0", "o")).isEqualTo(0.0);
  }

  @Test
  void constructor_rejectsADefaultOutsideTheRange() {
    assertThatThrownBy(() -> ParameterSpec.realAbove("beta", 0.0, 0, 1000, "d"))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("parameter 'beta': default 0.0 is outside (0, 1000]");
    assertThatThrownBy(() -> ParameterSpec.integer("n", 10, 1, 9, "d"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("default 10 is outside [1, 9]");
  }
}
