package org.gfn4j.api.param;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParametersTest {
  private static final String OWNER = "environment 'grid'";
  private static final List<ParameterSpec> SPECS = List.of(
      ParameterSpec.integer("ndim", 2, 1, 8, "number of dimensions"),
      ParameterSpec.real("r0", 0.1, 0, Double.POSITIVE_INFINITY, "base reward"),
      ParameterSpec.real("clip", Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
          "lower clip"),
      ParameterSpec.flag("verbose", false, "print more"),
      ParameterSpec.choice("encoding", "khot", "state encoding", "khot", "onehot", "identity"),
      ParameterSpec.text("path", "model.onnx", "where to read the model"));

  @Test
  void defaults_fillEveryDeclaredKey() {
    Parameters parameters = Parameters.defaults(OWNER, SPECS);

    assertThat(parameters.owner()).isEqualTo(OWNER);
    assertThat(parameters.getInt("ndim")).isEqualTo(2);
    assertThat(parameters.getDouble("r0")).isEqualTo(0.1);
    assertThat(parameters.getDouble("clip")).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(parameters.getBoolean("verbose")).isFalse();
    assertThat(parameters.getString("encoding")).isEqualTo("khot");
    assertThat(parameters.getString("path")).isEqualTo("model.onnx");
  }

  @Test
  void parse_readsGivenValuesAndTrimsThem() {
    Parameters parameters = Parameters.parse(OWNER, SPECS,
        Map.of("ndim", " 4 ", "r0", "1e-3", "verbose", "true", "path", " a b.onnx "));

    assertThat(parameters.getInt("ndim")).isEqualTo(4);
    assertThat(parameters.getDouble("r0")).isEqualTo(1e-3);
    assertThat(parameters.getBoolean("verbose")).isTrue();
    assertThat(parameters.getString("path")).isEqualTo("a b.onnx");
  }

  @Test
  void parse_rejectsUnknownKeyListingAcceptedKeys() {
    assertThatThrownBy(() -> Parameters.parse(OWNER, SPECS, Map.of("ndims", "3")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'grid' has no parameter 'ndims'; accepted: ndim, r0, clip, verbose, encoding, path");
  }

  @Test
  void parse_rejectsAnyKeyWhenNothingIsDeclared() {
    assertThatThrownBy(() -> Parameters.parse("reward 'const'", List.of(), Map.of("x", "1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reward 'const' has no parameter 'x'; it takes no parameters");
  }

  @Test
  void parse_rejectsOutOfRangeInteger() {
    assertThatThrownBy(() -> Parameters.parse(OWNER, SPECS, Map.of("ndim", "9")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'grid': ndim=9 is invalid; expected an integer in [1, 8]");
    assertThatThrownBy(() -> Parameters.parse(OWNER, SPECS, Map.of("ndim", "0")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'grid': ndim=0 is invalid; expected an integer in [1, 8]");
  }

  @Test
  void parse_rejectsNonIntegerForInteger() {
    assertThatThrownBy(() -> Parameters.parse(OWNER, SPECS, Map.of("ndim", "2.5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'grid': ndim=2.5 is invalid; expected an integer in [1, 8]");
  }

  @Test
  void parse_rejectsMalformedReal() {
    assertThatThrownBy(() -> Parameters.parse(OWNER, SPECS, Map.of("r0", "0.1.2")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'grid': r0=0.1.2 is invalid; expected a number in [0, inf]");
  }

  @Test
  void parse_rejectsOutOfRangeReal() {
    assertThatThrownBy(() -> Parameters.parse(OWNER, SPECS, Map.of("r0", "-0.5")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'grid': r0=-0.5 is invalid; expected a number in [0, inf]");
  }

  @Test
  void parse_rejectsNaN() {
    assertThatThrownBy(() -> Parameters.parse(OWNER, SPECS, Map.of("clip", "NaN")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'grid': clip=NaN is invalid; expected a number in [-inf, inf]");
  }

  @Test
  void parse_acceptsInfinityOnlyWhereTheBoundIsInfinite() {
    assertThat(Parameters.parse(OWNER, SPECS, Map.of("clip", "-inf")).getDouble("clip"))
        .isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(Parameters.parse(OWNER, SPECS, Map.of("clip", "-Infinity")).getDouble("clip"))
        .isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(Parameters.parse(OWNER, SPECS, Map.of("r0", "inf")).getDouble("r0"))
        .isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(Parameters.parse(OWNER, SPECS, Map.of("r0", "+INF")).getDouble("r0"))
        .isEqualTo(Double.POSITIVE_INFINITY);
    assertThatThrownBy(() -> Parameters.parse(OWNER, SPECS, Map.of("r0", "-inf")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'grid': r0=-inf is invalid; expected a number in [0, inf]");
  }

  @Test
  void parse_readsBooleanSpellings() {
    for (String yes : List.of("true", "TRUE", "yes", "1")) {
      assertThat(Parameters.parse(OWNER, SPECS, Map.of("verbose", yes)).getBoolean("verbose")).as(yes).isTrue();
    }
    for (String no : List.of("false", "False", "no", "0")) {
      assertThat(Parameters.parse(OWNER, SPECS, Map.of("verbose", no)).getBoolean("verbose")).as(no).isFalse();
    }
  }

  @Test
  void parse_rejectsOtherBooleanWords() {
    assertThatThrownBy(() -> Parameters.parse(OWNER, SPECS, Map.of("verbose", "maybe")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'grid': verbose=maybe is invalid; expected true or false");
  }

  @Test
  void parse_matchesChoicesCaseInsensitively() {
    Parameters parameters = Parameters.parse(OWNER, SPECS, Map.of("encoding", "OneHot"));

    assertThat(parameters.getString("encoding")).isEqualTo("onehot");
  }

  @Test
  void parse_rejectsUnknownChoiceListingTheChoices() {
    assertThatThrownBy(() -> Parameters.parse(OWNER, SPECS, Map.of("encoding", "binary")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'grid': encoding=binary is invalid; expected one of khot, onehot, identity");
  }

  @Test
  void parse_requiresTextWithoutDefault() {
    List<ParameterSpec> specs = List.of(ParameterSpec.text("model", null, "path of the ONNX model"));

    assertThatThrownBy(() -> Parameters.parse("reward 'onnx'", specs, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reward 'onnx' needs parameter 'model' (path of the ONNX model); expected text");
    assertThat(Parameters.parse("reward 'onnx'", specs, Map.of("model", "r.onnx")).getString("model"))
        .isEqualTo("r.onnx");
  }

  @Test
  void parse_rejectsParameterDeclaredTwice() {
    List<ParameterSpec> twice = List.of(
        ParameterSpec.integer("n", 1, 0, 9, "first"), ParameterSpec.flag("n", true, "second"));

    assertThatThrownBy(() -> Parameters.parse(OWNER, twice, Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("environment 'grid' declares parameter 'n' twice");
  }

  @Test
  void asStrings_listsValuesInDeclarationOrder() {
    Map<String, String> strings = Parameters.parse(OWNER, SPECS, Map.of("encoding", "ONEHOT")).asStrings();

    assertThat(strings).containsExactly(
        Map.entry("ndim", "2"),
        Map.entry("r0", "0.1"),
        Map.entry("clip", "-Infinity"),
        Map.entry("verbose", "false"),
        Map.entry("encoding", "onehot"),
        Map.entry("path", "model.onnx"));
  }

  @Test
  void asStrings_reParsesToEqualValues() {
    Map<String, String> raw = new LinkedHashMap<>();
    raw.put("ndim", "7");
    raw.put("r0", "3.0e-7");
    raw.put("clip", "-12.5");
    raw.put("verbose", "yes");
    raw.put("encoding", "IDENTITY");
    raw.put("path", "x.onnx");
    Parameters original = Parameters.parse(OWNER, SPECS, raw);

    Parameters again = Parameters.parse(OWNER, SPECS, original.asStrings());

    assertThat(again.getInt("ndim")).isEqualTo(original.getInt("ndim"));
    assertThat(again.getDouble("r0")).isEqualTo(original.getDouble("r0"));
    assertThat(again.getDouble("clip")).isEqualTo(original.getDouble("clip"));
    assertThat(again.getBoolean("verbose")).isEqualTo(original.getBoolean("verbose"));
    assertThat(again.getString("encoding")).isEqualTo(original.getString("encoding"));
    assertThat(again.getString("path")).isEqualTo(original.getString("path"));
    assertThat(again.asStrings()).isEqualTo(original.asStrings());
  }

  @Test
  void asStrings_ofDefaultsReParsesToEqualValues() {
    Parameters defaults = Parameters.defaults(OWNER, SPECS);

    Parameters again = Parameters.parse(OWNER, SPECS, defaults.asStrings());

    assertThat(again.asStrings()).isEqualTo(defaults.asStrings());
    assertThat(again.getDouble("clip")).isEqualTo(Double.NEGATIVE_INFINITY);
  }

  @Test
  void getters_rejectWrongTypeAndUndeclaredKey() {
    Parameters parameters = Parameters.defaults(OWNER, SPECS);

    assertThatThrownBy(() -> parameters.getDouble("ndim"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("environment 'grid': parameter 'ndim' is INTEGER, not REAL");
    assertThatThrownBy(() -> parameters.getString("verbose"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("environment 'grid': parameter 'verbose' is BOOLEAN, not text");
    assertThatThrownBy(() -> parameters.getInt("depth"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("environment 'grid' declares no parameter 'depth'");
  }

  @Test
  void toString_namesOwnerAndValues() {
    Parameters parameters = Parameters.defaults("objective 'x'", List.of(ParameterSpec.flag("on", true, "switch")));

    assertThat(parameters).hasToString("objective 'x' {on=true}");
  }
}
