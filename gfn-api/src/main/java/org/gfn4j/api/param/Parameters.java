package org.gfn4j.api.param;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Validated values of a plugin's declared parameters: every declared key has a value (given or default), no
 * undeclared key is present, and each value has its declared type and range.
 */
public final class Parameters {
  private final String owner;
  private final Map<String, ParameterSpec> specs;
  private final Map<String, Object> values;

  private Parameters(String owner, Map<String, ParameterSpec> specs, Map<String, Object> values) {
    this.owner = owner;
    this.specs = specs;
    this.values = values;
  }

  /**
   * Validates raw {@code key=value} strings against the declared specs.
   *
   * @param owner who declares the parameters, for messages ({@code "environment 'hypergrid'"})
   * @throws IllegalArgumentException for an unknown key (listing the accepted ones), a malformed or out-of-range
   *     value, or a missing required key
   */
  public static Parameters parse(String owner, List<ParameterSpec> declared, Map<String, String> raw) {
    requireNonNull(owner, "owner is null");
    Map<String, ParameterSpec> specs = new LinkedHashMap<>();
    for (ParameterSpec spec : declared) {
      if (specs.put(spec.name(), spec) != null) {
        throw new IllegalArgumentException(owner + " declares parameter '" + spec.name() + "' twice");
      }
    }
    for (String key : raw.keySet()) {
      if (!specs.containsKey(key)) {
        String accepted = specs.isEmpty() ? "it takes no parameters" : "accepted: " + String.join(", ", specs.keySet());
        throw new IllegalArgumentException(owner + " has no parameter '" + key + "'; " + accepted);
      }
    }
    Map<String, Object> values = new LinkedHashMap<>();
    for (ParameterSpec spec : specs.values()) {
      String given = raw.get(spec.name());
      if (given != null) {
        values.put(spec.name(), spec.parse(given, owner));
      } else if (spec.required()) {
        throw new IllegalArgumentException(
            owner + " needs parameter '" + spec.name() + "' (" + spec.doc() + "); expected " + spec.accepted());
      } else {
        values.put(spec.name(), spec.defaultValue());
      }
    }
    return new Parameters(owner, Collections.unmodifiableMap(specs), Collections.unmodifiableMap(values));
  }

  /** All defaults (fails if a parameter is required). */
  public static Parameters defaults(String owner, List<ParameterSpec> declared) {
    return parse(owner, declared, Map.of());
  }

  /** The owner named in messages. */
  public String owner() {
    return owner;
  }

  /** An integer parameter's value. */
  public int getInt(String key) {
    return (Integer) typed(key, ParameterType.INTEGER);
  }

  /** A real parameter's value. */
  public double getDouble(String key) {
    return ((Number) typed(key, ParameterType.REAL)).doubleValue();
  }

  /** A boolean parameter's value. */
  public boolean getBoolean(String key) {
    return (Boolean) typed(key, ParameterType.BOOLEAN);
  }

  /** A choice or text parameter's value. */
  public String getString(String key) {
    ParameterSpec spec = spec(key);
    if (spec.type() != ParameterType.CHOICE && spec.type() != ParameterType.TEXT) {
      throw new IllegalStateException(owner + ": parameter '" + key + "' is " + spec.type() + ", not text");
    }
    return (String) values.get(key);
  }

  /** Every value as text, in declaration order: the provenance of a run, and input for {@link #parse}. */
  public Map<String, String> asStrings() {
    return values.entrySet().stream()
        .collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue()), (a, b) -> a,
            LinkedHashMap::new));
  }

  private Object typed(String key, ParameterType type) {
    ParameterSpec spec = spec(key);
    if (spec.type() != type) {
      throw new IllegalStateException(owner + ": parameter '" + key + "' is " + spec.type() + ", not " + type);
    }
    return values.get(key);
  }

  private ParameterSpec spec(String key) {
    ParameterSpec spec = specs.get(key);
    if (spec == null) {
      throw new IllegalStateException(owner + " declares no parameter '" + key + "'");
    }
    return spec;
  }

  @Override
  public String toString() {
    return owner + " " + asStrings();
  }
}
