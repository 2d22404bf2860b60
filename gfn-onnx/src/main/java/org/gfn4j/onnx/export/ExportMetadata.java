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
 * parameters (enough to rebuild it through the plugin registry), its kind and condition width, the state
 * encoding, the policy heads and their output widths, which parts the graph holds, and the run's provenance
 * (seed, the full run specification, gfn4j version).
 *
 * <p>Format {@value #FORMAT} added {@link #kind}, {@link #conditionDim} and the heads' names and widths; a file of
 * format 1 (discrete and unconditional by construction) reads as kind {@value #DISCRETE}, no condition, and
 * {@code "masked-categorical"} heads of {@code actionCount} and {@code actionCount - 1} outputs.
 *
 * @param environment the environment's provider name ({@code "hypergrid"})
 * @param environmentParameters every environment parameter as text, defaults included
 * @param kind {@value #DISCRETE} or {@value #CONTINUOUS}: how to read the forward output
 * @param conditionDim width of the {@code conditions} input; 0 for an unconditional environment (no such input)
 * @param encoding the state encoding ({@code "khot"})
 * @param encodingDim width of the {@code states} input
 * @param actionCount the width of the forward policy's output: the number of forward actions, exit included (the
 *     width of {@code logits}) for a discrete environment; the forward head's output width (that of
 *     {@code head_outputs}, equal to {@code forwardHeadDim}) for a continuous one
 * @param forwardHead the forward policy head's name ({@code PolicyHead.name()}: {@code "masked-categorical"},
 *     {@code "box-forward-beta-mixture"})
 * @param forwardHeadDim the forward head's output width
 * @param backwardHead the backward policy head's name
 * @param backwardHeadDim the backward head's output width (that of {@code pb_logits} or {@code pb_head_outputs})
 * @param heads the parts the graph holds: {@value #PF} always; {@value #PB}, {@value #LOG_F} and {@value #LOG_Z}
 *     when trained
 * @param logZ the learned scalar log Z (NaN when the objective does not train it, or trains an estimator of the
 *     condition: read output {@code log_z} then)
 * @param iterations training iterations of the exported model
 * @param seed the run's seed
 * @param gfn4jVersion the gfn4j version that wrote the file
 * @param runSpec the run specification as JSON (see {@code CheckpointStore.runSpecToJson})
 * @param forwardPolicy the forward policy's architecture ({@code "mlp 16-256-256-3 relu"})
 * @param backwardPolicy the backward policy's architecture ({@code "uniform"}; {@code "none"} when the objective
 *     uses none)
 */
public record ExportMetadata(String environment, Map<String, String> environmentParameters, String kind,
    int conditionDim, String encoding, int encodingDim, int actionCount, String forwardHead, int forwardHeadDim,
    String backwardHead, int backwardHeadDim, List<String> heads, double logZ, int iterations, long seed,
    String gfn4jVersion, String runSpec, String forwardPolicy, String backwardPolicy) {
  /** Head name of the forward policy. */
  public static final String PF = "pf";
  /** Head name of the backward policy. */
  public static final String PB = "pb";
  /** Head name of the log state flow. */
  public static final String LOG_F = "log_f";
  /** Head name of log Z. */
  public static final String LOG_Z = "log_z";
  /** Kind of a discrete environment: the graph outputs logits and masked log-probabilities. */
  public static final String DISCRETE = "discrete";
  /** Kind of a continuous environment: the graph outputs the forward head's raw parameters. */
  public static final String CONTINUOUS = "continuous";
  /** The metadata format this version writes. */
  public static final int FORMAT = 2;
  /** The first metadata format, still read: discrete unconditional policies, without kind and heads. */
  public static final int FORMAT_1 = 1;
  /** The head name format 1 files imply (discrete environments' {@code MaskedCategorical}). */
  public static final String FORMAT_1_HEAD = "masked-categorical";

  /** Metadata keys, all prefixed {@code gfn4j.}. */
  public static final String KEY_FORMAT = "gfn4j.format";
  /** Key of {@link #environment}. */
  public static final String KEY_ENVIRONMENT = "gfn4j.environment";
  /** Key of {@link #environmentParameters} (a JSON object of strings). */
  public static final String KEY_ENVIRONMENT_PARAMETERS = "gfn4j.environment_parameters";
  /** Key of {@link #kind} (format 2). */
  public static final String KEY_KIND = "gfn4j.kind";
  /** Key of {@link #conditionDim} (format 2). */
  public static final String KEY_CONDITION_DIM = "gfn4j.condition_dim";
  /** Key of {@link #forwardHead} (format 2). */
  public static final String KEY_FORWARD_HEAD = "gfn4j.forward_head";
  /** Key of {@link #forwardHeadDim} (format 2). */
  public static final String KEY_FORWARD_HEAD_DIM = "gfn4j.forward_head_dim";
  /** Key of {@link #backwardHead} (format 2). */
  public static final String KEY_BACKWARD_HEAD = "gfn4j.backward_head";
  /** Key of {@link #backwardHeadDim} (format 2). */
  public static final String KEY_BACKWARD_HEAD_DIM = "gfn4j.backward_head_dim";
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
    requireNonNull(kind, "kind is null");
    requireNonNull(encoding, "encoding is null");
    requireNonNull(forwardHead, "forwardHead is null");
    requireNonNull(backwardHead, "backwardHead is null");
    heads = List.copyOf(requireNonNull(heads, "heads is null"));
    requireNonNull(gfn4jVersion, "gfn4jVersion is null");
    requireNonNull(runSpec, "runSpec is null");
    requireNonNull(forwardPolicy, "forwardPolicy is null");
    requireNonNull(backwardPolicy, "backwardPolicy is null");
    if (!kind.equals(DISCRETE) && !kind.equals(CONTINUOUS)) {
      throw new IllegalArgumentException("an exported policy's kind is '" + DISCRETE + "' or '" + CONTINUOUS
          + "', got '" + kind + "'");
    }
    if (kind.equals(DISCRETE) && actionCount < 2) {
      throw new IllegalArgumentException("an exported discrete policy needs action count >= 2, got " + actionCount);
    }
    if (encodingDim < 1 || conditionDim < 0 || forwardHeadDim < 1 || backwardHeadDim < 1) {
      throw new IllegalArgumentException("an exported policy needs encoding dim >= 1, condition dim >= 0 and head "
          + "widths >= 1, got " + encodingDim + ", " + conditionDim + ", " + forwardHeadDim + " and "
          + backwardHeadDim);
    }
    if (actionCount != forwardHeadDim) {
      throw new IllegalArgumentException("an exported policy's action count is the width of its forward output, "
          + "the forward head's " + forwardHeadDim + ", got " + actionCount);
    }
    if (!heads.contains(PF)) {
      throw new IllegalArgumentException("an exported policy holds the forward policy head '" + PF + "', got "
          + heads);
    }
  }

  /** Whether the environment is discrete (outputs {@code logits}) rather than continuous ({@code head_outputs}). */
  public boolean isDiscrete() {
    return kind.equals(DISCRETE);
  }

  /** Whether the environment is conditional: the graph reads input {@code conditions}. */
  public boolean isConditional() {
    return conditionDim > 0;
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
    properties.put(KEY_KIND, kind);
    properties.put(KEY_CONDITION_DIM, Integer.toString(conditionDim));
    properties.put(KEY_ENCODING, encoding);
    properties.put(KEY_ENCODING_DIM, Integer.toString(encodingDim));
    properties.put(KEY_ACTION_COUNT, Integer.toString(actionCount));
    properties.put(KEY_FORWARD_HEAD, forwardHead);
    properties.put(KEY_FORWARD_HEAD_DIM, Integer.toString(forwardHeadDim));
    properties.put(KEY_BACKWARD_HEAD, backwardHead);
    properties.put(KEY_BACKWARD_HEAD_DIM, Integer.toString(backwardHeadDim));
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
   * Reads metadata written by {@link #toProperties}, of format {@value #FORMAT} or {@value #FORMAT_1} (see the
   * class comment for what a format 1 file implies).
   *
   * @param source the file, for messages ({@code "ONNX model policy.onnx"})
   * @throws IllegalArgumentException naming the source and the key if a key is missing or malformed, or the
   *     format is neither
   */
  public static ExportMetadata fromProperties(Map<String, String> properties, String source) {
    requireNonNull(properties, "properties is null");
    if (!properties.containsKey(KEY_FORMAT)) {
      throw new IllegalArgumentException(source + " is not a gfn4j policy export: its metadata has no '" + KEY_FORMAT
          + "' (found " + (properties.isEmpty() ? "no metadata" : "keys " + properties.keySet()) + ")");
    }
    int format = integer(properties, KEY_FORMAT, source);
    if (format != FORMAT && format != FORMAT_1) {
      throw new IllegalArgumentException(source + " is a gfn4j policy export of format " + format
          + "; this gfn4j reads formats " + FORMAT_1 + " and " + FORMAT);
    }
    Map<String, String> parameters;
    try {
      parameters = JSON.readValue(get(properties, KEY_ENVIRONMENT_PARAMETERS, source),
          new TypeReference<LinkedHashMap<String, String>>() {});
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(source + ": metadata '" + KEY_ENVIRONMENT_PARAMETERS
          + "' is not a JSON object of strings (" + e.getOriginalMessage() + ")", e);
    }
    int actionCount = integer(properties, KEY_ACTION_COUNT, source);
    boolean first = format == FORMAT_1;
    try {
      return new ExportMetadata(get(properties, KEY_ENVIRONMENT, source), parameters,
          first ? DISCRETE : get(properties, KEY_KIND, source),
          first ? 0 : integer(properties, KEY_CONDITION_DIM, source),
          get(properties, KEY_ENCODING, source), integer(properties, KEY_ENCODING_DIM, source), actionCount,
          first ? FORMAT_1_HEAD : get(properties, KEY_FORWARD_HEAD, source),
          first ? actionCount : integer(properties, KEY_FORWARD_HEAD_DIM, source),
          first ? FORMAT_1_HEAD : get(properties, KEY_BACKWARD_HEAD, source),
          first ? actionCount - 1 : integer(properties, KEY_BACKWARD_HEAD_DIM, source),
          List.of(get(properties, KEY_HEADS, source).split(",")),
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
