package org.gfn4j.api.param;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;

/**
 * The declaration of one plugin parameter: its name, type, default, documentation and the values it accepts.
 *
 * <p>Create specs with the factories ({@link #integer}, {@link #real}, {@link #realAbove}, {@link #flag},
 * {@link #choice}, {@link #text}); {@link #parse} turns a raw string into a validated value.
 *
 * @param name key as typed by users, lower case with underscores ({@code "ndim"}, {@code "log_reward_clip_min"})
 * @param type value type
 * @param defaultValue the value used when the key is absent ({@code null} means the key is required)
 * @param doc one-line description shown by {@code gfn list}
 * @param min lower bound for numeric types, inclusive unless {@code minExclusive}
 * @param max inclusive upper bound for numeric types
 * @param choices accepted words for {@link ParameterType#CHOICE}, empty otherwise
 * @param minExclusive whether {@code min} itself is rejected ({@code (0, 1000]} for a positive exponent)
 */
public record ParameterSpec(String name, ParameterType type, Object defaultValue, String doc, double min, double max,
    List<String> choices, boolean minExclusive) {

  /** A spec whose lower bound is inclusive (the form before {@code minExclusive} existed). */
  public ParameterSpec(String name, ParameterType type, Object defaultValue, String doc, double min, double max,
      List<String> choices) {
    this(name, type, defaultValue, doc, min, max, choices, false);
  }

  public ParameterSpec {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    requireNonNull(doc, "doc is null");
    choices = List.copyOf(requireNonNull(choices, "choices is null"));
    if (!name.matches("[a-z][a-z0-9_]*")) {
      throw new IllegalArgumentException("parameter name '" + name + "' must be lower case letters, digits and '_'");
    }
    if (min > max) {
      throw new IllegalArgumentException("parameter '" + name + "': min " + min + " > max " + max);
    }
    if (type == ParameterType.CHOICE && choices.isEmpty()) {
      throw new IllegalArgumentException("choice parameter '" + name + "' declares no choices");
    }
    if (defaultValue != null && !inRange(defaultValue, min, max, minExclusive)) {
      throw new IllegalArgumentException("parameter '" + name + "': default " + defaultValue + " is outside "
          + range(type, min, max, minExclusive));
    }
  }

  /** An integer parameter accepting values in {@code [min, max]}. */
  public static ParameterSpec integer(String name, int defaultValue, int min, int max, String doc) {
    return new ParameterSpec(name, ParameterType.INTEGER, defaultValue, doc, min, max, List.of(), false);
  }

  /**
   * A real parameter accepting values in {@code [min, max]}; an infinite bound admits that infinity, typed
   * {@code inf} or {@code -inf}.
   */
  public static ParameterSpec real(String name, double defaultValue, double min, double max, String doc) {
    return new ParameterSpec(name, ParameterType.REAL, defaultValue, doc, min, max, List.of(), false);
  }

  /**
   * A real parameter accepting values in {@code (min, max]}: greater than {@code min}, at most {@code max} (a
   * positive exponent or rate: {@code realAbove("beta", 1.0, 0, 1000, ...)}).
   */
  public static ParameterSpec realAbove(String name, double defaultValue, double min, double max, String doc) {
    return new ParameterSpec(name, ParameterType.REAL, defaultValue, doc, min, max, List.of(), true);
  }

  /** A boolean parameter. */
  public static ParameterSpec flag(String name, boolean defaultValue, String doc) {
    return new ParameterSpec(name, ParameterType.BOOLEAN, defaultValue, doc, 0, 0, List.of(), false);
  }

  /** A parameter accepting one of {@code choices}; the default must be one of them. */
  public static ParameterSpec choice(String name, String defaultValue, String doc, String... choices) {
    List<String> list = List.of(choices);
    if (!list.contains(defaultValue)) {
      throw new IllegalArgumentException("default '" + defaultValue + "' of '" + name + "' is not in " + list);
    }
    return new ParameterSpec(name, ParameterType.CHOICE, defaultValue, doc, 0, 0, list, false);
  }

  /** A free-text parameter; {@code defaultValue} may be {@code null} to make it required. */
  public static ParameterSpec text(String name, String defaultValue, String doc) {
    return new ParameterSpec(name, ParameterType.TEXT, defaultValue, doc, 0, 0, List.of(), false);
  }

  /** Whether a value must be given because there is no default. */
  public boolean required() {
    return defaultValue == null;
  }

  /** What this parameter accepts, in words, for error messages and listings ({@code "integer in [1, 64]"}). */
  public String accepted() {
    return switch (type) {
      case INTEGER -> "an integer in " + range(type, min, max, minExclusive);
      case REAL -> "a number in " + range(type, min, max, minExclusive);
      case BOOLEAN -> "true or false";
      case CHOICE -> "one of " + String.join(", ", choices);
      case TEXT -> "text";
    };
  }

  /**
   * Parses and validates a raw value.
   *
   * @param owner who declared the parameter, for the message ({@code "environment 'hypergrid'"})
   * @throws IllegalArgumentException naming the owner, the key, the value and what is accepted
   */
  public Object parse(String raw, String owner) {
    requireNonNull(raw, "raw is null");
    String value = raw.trim();
    try {
      Object parsed = switch (type) {
        case INTEGER -> Integer.parseInt(value);
        case REAL -> parseReal(value);
        case BOOLEAN -> parseBoolean(value);
        case CHOICE -> choices.contains(value.toLowerCase(Locale.ROOT)) ? value.toLowerCase(Locale.ROOT) : null;
        case TEXT -> value;
      };
      if (parsed == null || !inRange(parsed, min, max, minExclusive)) {
        throw new NumberFormatException();
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          owner + ": " + name + "=" + raw + " is invalid; expected " + accepted(), e);
    }
  }

  private static boolean inRange(Object value, double min, double max, boolean minExclusive) {
    if (value instanceof Integer i) {
      return (minExclusive ? i > min : i >= min) && i <= max;
    }
    if (value instanceof Double d) {
      return !Double.isNaN(d) && (minExclusive ? d > min : d >= min) && d <= max;
    }
    return true;
  }

  private static Double parseReal(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
      case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(value);
    };
  }

  private static Boolean parseBoolean(String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> Boolean.TRUE;
      case "false", "no", "0" -> Boolean.FALSE;
      default -> null;
    };
  }

  /** The default value as users would type it ({@code "-inf"}, {@code "0.000001"}), or "none" if required. */
  public String defaultText() {
    if (defaultValue == null) {
      return "none";
    }
    if (defaultValue instanceof Double d) {
      return format(d);
    }
    return defaultValue.toString().isEmpty() ? "\"\"" : defaultValue.toString();
  }

  private static String range(ParameterType type, double min, double max, boolean minExclusive) {
    return (minExclusive ? "(" : "[") + bound(type, min) + ", " + bound(type, max) + "]";
  }

  private static String bound(ParameterType type, double b) {
    return type == ParameterType.INTEGER && !Double.isInfinite(b) ? Long.toString((long) b) : format(b);
  }

  private static String format(double value) {
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }
}
