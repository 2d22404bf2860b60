package org.gfn4j.onnx.export;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What an exported policy file records about itself, as ONNX {@code metadata_props}: the environment and its
 * parameters (enough to rebuild it through the plugin registry), the state encoding, the action count, which
 * heads the graph holds, and the run's provenance (seed, the full run specification, gfn4j version).
 *
 * @param environment the environment's provider name ({@code "hypergrid"})
 * @param environmentParameters every environment parameter as text, defaults included
 * @param encoding the state encoding ({@code "khot"})
 * @param encodingDim width of the {@code states} input
 * @param actionCount number of forward actions, exit included: width of {@code logits}
 * @param heads the heads the graph holds: {@value #PF} always; {@value #PB}, {@value #LOG_F} and {@value #LOG_Z}
 *     when trained
 * @param logZ the learned log Z (NaN when the objective does not train it)
 * @param iterations training iterations of the exported model
 * @param seed the run's seed
 * @param gfn4jVersion the gfn4j version that wrote the file
 * @param runSpec the run specification as JSON (see {@code CheckpointStore.runSpecToJson})
 * @param forwardPolicy the forward policy's architecture ({@code "mlp 16-256-256-3 relu"})
 * @param backwardPolicy the backward policy's architecture ({@code "uniform"}; {@code "none"} when the objective
 *     uses none)
 */
public record ExportMetadata(String environment, Map<String, String> environmentParameters, String encoding,
    int encodingDim, int actionCount, List<String> heads, double logZ, int iterations, long seed,
    String gfn4jVersion, String runSpec, String forwardPolicy, String backwardPolicy) {
  /** Head name of the forward policy. */
  public static final String PF = "pf";
  /** Head name of the backward policy. */
  public static final String PB = "pb";
  /** Head name of the log state flow. */
  public static final String LOG_F = "log_f";
  /** Head name of log Z. */
  public static final String LOG_Z = "log_z";
  /** The metadata format this version writes and reads. */
  public static final int FORMAT = 1;

  /** Metadata keys, all prefixed {@code gfn4j.}. */
  public static final String KEY_FORMAT = "gfn4j.format";
  /** Key of {@link #environment}. */
  public static final String KEY_ENVIRONMENT = "gfn4j.environment";
  /** Key of {@link #environmentParameters} (a JSON object of strings). */
  public static final String KEY_ENVIRONMENT_PARAMETERS = "gfn4j.environment_parameters";
  /** Key of {@link #encoding}. */
  public static final String KEY_ENCODING = "gfn4j.encoding";
  /** Key of {@link #encodingDim}. */
  public static final String KEY_ENCODING_DIM = "gfn4j.encoding_dim";
  /** Key of {@link #actionCount}. */
  public static final String KEY_ACTION_COUNT = "gfn4j.action_count";
  /** Key of {@link #heads} (comma-separated). */
  public static final String KEY_HEADS = "gfn4j.heads";
  /** Key of {@link #logZ}. */
  public static final String KEY_LOG_Z = "gfn4j.log_z";
  /** Key of {@link #iterations}. */
  public static final String KEY_ITERATIONS = "gfn4j.iterations";
  /** Key of {@link #seed}. */
  public static final String KEY_SEED = "gfn4j.seed";
  /** Key of {@link #gfn4jVersion}. */
  public static final String KEY_VERSION = "gfn4j.version";
  /** Key of {@link #runSpec}. */
  public static final String KEY_RUN_SPEC = "gfn4j.run_spec";
  /** Key of {@link #forwardPolicy}. */
  public static final String KEY_FORWARD_POLICY = "gfn4j.forward_policy";
  /** Key of {@link #backwardPolicy}. */
  public static final String KEY_BACKWARD_POLICY = "gfn4j.backward_policy";

  private static final ObjectMapper JSON = new ObjectMapper();

  public ExportMetadata {
    requireNonNull(environment, "environment is null");
    environmentParameters = Collections.unmodifiableMap(new LinkedHashMap<>(
        requireNonNull(environmentParameters, "environmentParameters is null")));
    requireNonNull(encoding, "encoding is null");
    heads = List.copyOf(requireNonNull(heads, "heads is null"));
    requireNonNull(gfn4jVersion, "gfn4jVersion is null");
    requireNonNull(runSpec, "runSpec is null");
    requireNonNull(forwardPolicy, "forwardPolicy is null");
    requireNonNull(backwardPolicy, "backwardPolicy is null");
    if (encodingDim < 1 || actionCount < 2) {
      throw new IllegalArgumentException("an exported policy needs encoding dim >= 1 and action count >= 2, got "
          + encodingDim + " and " + actionCount);
    }
    if (!heads.contains(PF)) {
      throw new IllegalArgumentException("an exported policy holds the forward policy head '" + PF + "', got "
          + heads);
    }
  }

  /** Whether the graph holds {@code head}. */
  public boolean has(String head) {
    return heads.contains(head);
  }

  /** The entries to write as {@code metadata_props}, in a stable order. */
  public Map<String, String> toProperties() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(KEY_FORMAT, Integer.toString(FORMAT));
    properties.put(KEY_ENVIRONMENT, environment);
    properties.put(KEY_ENVIRONMENT_PARAMETERS, json(environmentParameters));
    properties.put(KEY_ENCODING, encoding);
    properties.put(KEY_ENCODING_DIM, Integer.toString(encodingDim));
    properties.put(KEY_ACTION_COUNT, Integer.toString(actionCount));
    properties.put(KEY_HEADS, String.join(",", heads));
    properties.put(KEY_LOG_Z, Double.toString(logZ));
    properties.put(KEY_ITERATIONS, Integer.toString(iterations));
    properties.put(KEY_SEED, Long.toString(seed));
    properties.put(KEY_VERSION, gfn4jVersion);
    properties.put(KEY_RUN_SPEC, runSpec);
    properties.put(KEY_FORWARD_POLICY, forwardPolicy);
    properties.put(KEY_BACKWARD_POLICY, backwardPolicy);
    return properties;
  }

  /**
   * Reads metadata written by {@link #toProperties}.
   *
   * @param source the file, for messages ({@code "ONNX model policy.onnx"})
   * @throws IllegalArgumentException naming the source and the key if a key is missing or malformed, or the
   *     format is not {@value #FORMAT}
   */
  public static ExportMetadata fromProperties(Map<String, String> properties, String source) {
    requireNonNull(properties, "properties is null");
    if (!properties.containsKey(KEY_FORMAT)) {
      throw new IllegalArgumentException(source + " is not a gfn4j policy export: its metadata has no '" + KEY_FORMAT
          + "' (found " + (properties.isEmpty() ? "no metadata" : "keys " + properties.keySet()) + ")");
    }
    int format = integer(properties, KEY_FORMAT, source);
    if (format != FORMAT) {
      throw new IllegalArgumentException(source + " is a gfn4j policy export of format " + format
          + "; this gfn4j reads format " + FORMAT);
    }
    Map<String, String> parameters;
    try {
      parameters = JSON.readValue(get(properties, KEY_ENVIRONMENT_PARAMETERS, source),
          new TypeReference<LinkedHashMap<String, String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + ": metadata '" + KEY_ENVIRONMENT_PARAMETERS
          + "' is not a JSON object of strings (" + e.getOriginalMessage() + ")", e);
    }
    try {
      return new ExportMetadata(get(properties, KEY_ENVIRONMENT, source), parameters,
          get(properties, KEY_ENCODING, source), integer(properties, KEY_ENCODING_DIM, source),
          integer(properties, KEY_ACTION_COUNT, source), List.of(get(properties, KEY_HEADS, source).split(",")),
          real(properties, KEY_LOG_Z, source), integer(properties, KEY_ITERATIONS, source),
          longValue(properties, KEY_SEED, source), get(properties, KEY_VERSION, source),
          get(properties, KEY_RUN_SPEC, source), get(properties, KEY_FORWARD_POLICY, source),
          get(properties, KEY_BACKWARD_POLICY, source));
    } catch (IllegalArgumentException e) {
      throw e.getMessage().startsWith(source) ? e
          : new IllegalArgumentException(source + ": invalid gfn4j metadata: " + e.getMessage(), e);
    }
  }

  private static String get(Map<String, String> properties, String key, String source) {
    String value = properties.get(key);
    if (value == null) {
      throw new IllegalArgumentException(source + ": gfn4j metadata '" + key + "' is missing");
    }
    return value;
  }

  private static int integer(Map<String, String> properties, String key, String source) {
    return parse(properties, key, source, Integer::parseInt, "an integer");
  }

  private static long longValue(Map<String, String> properties, String key, String source) {
    return parse(properties, key, source, Long::parseLong, "an integer");
  }

  private static double real(Map<String, String> properties, String key, String source) {
    return parse(properties, key, source, Double::parseDouble, "a number");
  }

  private static <T> T parse(Map<String, String> properties, String key, String source, Function<String, T> parser,
      String expected) {
    String value = get(properties, key, source).trim();
    try {
      return parser.apply(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(source + ": gfn4j metadata '" + key + "' is '" + value + "', not "
          + expected, e);
    }
  }

  private static String json(Map<String, String> map) {
    try {
      return JSON.writeValueAsString(map);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write environment parameters as JSON: " + e.getMessage(), e);
    }
  }
}
