package org.gfn4j.onnx.policy;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.random.RandomGenerator;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.policy.EstimatorShape;
import org.gfn4j.api.policy.PolicyProvider;
import org.gfn4j.onnx.export.PolicyExporter;

/**
 * Provides policy "onnx": an {@link OnnxPolicy} over a file written by {@code gfn export}, for sampling and
 * evaluation without the training stack. With {@code output=auto} a forward estimator (role "pf") reads
 * {@value PolicyExporter#LOGITS} and a backward one (role "pb") {@value PolicyExporter#PB_LOGITS}.
 *
 * <pre>{@code
 * Estimator pf = registry.policy("onnx").create(
 *     Parameters.parse("policy 'onnx'", provider.parameters(), Map.of("model", "policy.onnx")),
 *     new EstimatorShape(env.encodingDim(), env.actionCount(), "pf"), random);
 * }</pre>
 */
public final class OnnxPolicyProvider implements PolicyProvider {
  /** The provider name. */
  public static final String NAME = "onnx";
  /** Key of the model file. */
  public static final String MODEL = "model";
  /** Key of the output read. */
  public static final String OUTPUT = "output";

  private static final List<ParameterSpec> PARAMETERS = List.of(
      ParameterSpec.text(MODEL, null, "path of a policy file written by 'gfn export'"),
      ParameterSpec.choice(OUTPUT, "auto", "output read: auto (logits for pf, pb_logits for pb), logits, pb_logits",
          "auto", PolicyExporter.LOGITS, PolicyExporter.PB_LOGITS));

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "a policy exported to ONNX, run with ONNX Runtime (inference only: sampling and evaluation)";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return PARAMETERS;
  }

  /**
   * Opens the policy file; {@code random} is unused (nothing is initialised).
   *
   * @throws IllegalArgumentException naming the model and the tensor if the file is missing, not ONNX, or its
   *     input or output widths do not fit {@code shape}
   */
  @Override
  public Estimator create(Parameters parameters, EstimatorShape shape, RandomGenerator random) {
    requireNonNull(parameters, "parameters is null");
    requireNonNull(shape, "shape is null");
    String model = parameters.getString(MODEL);
    if (model.isEmpty()) {
      throw new IllegalArgumentException("policy '" + NAME + "': model= is empty; expected the path of an ONNX file");
    }
    String output = parameters.getString(OUTPUT);
    if (output.equals("auto")) {
      output = shape.role().equals("pb") ? PolicyExporter.PB_LOGITS : PolicyExporter.LOGITS;
    }
    return OnnxPolicy.open(Path.of(model), shape, output);
  }
}
