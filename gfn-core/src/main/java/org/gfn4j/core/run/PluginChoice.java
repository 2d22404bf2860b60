package org.gfn4j.core.run;

import static java.util.Objects.requireNonNull;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A plugin chosen by name with raw {@code key=value} options, as typed by a user; validated when a run is built.
 *
 * @param name provider name
 * @param options raw option values by key
 */
public record PluginChoice(String name, Map<String, String> options) {
  public PluginChoice {
    requireNonNull(name, "name is null");
    options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(options, "options is null")));
  }

  /** A choice with no options. */
  public static PluginChoice of(String name) {
    return new PluginChoice(name, Map.of());
  }
}
