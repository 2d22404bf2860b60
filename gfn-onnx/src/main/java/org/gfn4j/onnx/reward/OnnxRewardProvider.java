package org.gfn4j.onnx.reward;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.gfn4j.api.env.StepEnvironment;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.api.reward.RewardFunction;
import org.gfn4j.api.reward.RewardProvider;

/**
 * Provides reward "onnx": a proxy reward model in an ONNX file, scored with ONNX Runtime ({@link OnnxReward}).
 *
 * <pre>{@code
 * ./gfn train --env hypergrid --reward onnx --reward-opt model=reward.onnx --reward-opt output=log_reward ...
 * }</pre>
 */
public final class OnnxRewardProvider implements RewardProvider {
  /** The provider name. */
  public static final String NAME = "onnx";
  /** Key of the model file. */
  public static final String MODEL = "model";
  /** Key of how the output is read: reward or log_reward. */
  public static final String OUTPUT = "output";
  /** Key of the input tensor name (needed only to check it). */
  public static final String INPUT_NAME = "input_name";
  /** Key of the output tensor name (needed when the model has several outputs). */
  public static final String OUTPUT_NAME = "output_name";
  /** Key of the most states per ONNX Runtime call. */
  public static final String BATCH_SIZE = "batch_size";

  private static final List<ParameterSpec> PARAMETERS = List.of(
      ParameterSpec.text(MODEL, null, "path of the ONNX model: encoded states [N, encoding dim] in, one value per"
          + " state out"),
      ParameterSpec.choice(OUTPUT, "reward", "what the model outputs: the reward (>= 0) or the log-reward",
          "reward", "log_reward"),
      ParameterSpec.text(INPUT_NAME, "", "input tensor fed with the encoded states (default: the model's only one)"),
      ParameterSpec.text(OUTPUT_NAME, "", "output tensor read (default: the model's only one)"),
      ParameterSpec.integer(BATCH_SIZE, 4096, 1, 1 << 20, "most states per ONNX Runtime call"));

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "proxy reward from an ONNX model (trained in any framework), scored with ONNX Runtime";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return PARAMETERS;
  }

  /**
   * Loads the model and checks it against {@code environment}'s encoding.
   *
   * @throws IllegalArgumentException naming the model and the tensor if the file is missing, not ONNX, or its
   *     input or output does not fit the environment
   */
  @Override
  public RewardFunction create(Parameters parameters, StepEnvironment<?, ?> environment) {
    requireNonNull(parameters, "parameters is null");
    requireNonNull(environment, "environment is null");
    String model = parameters.getString(MODEL);
    if (model.isEmpty()) {
      throw new IllegalArgumentException("reward '" + NAME + "': model= is empty; expected the path of an ONNX file");
    }
    OnnxReward.Output output = OnnxReward.Output.valueOf(parameters.getString(OUTPUT).toUpperCase(Locale.ROOT));
    return OnnxReward.open(Path.of(model), environment, output, parameters.getString(INPUT_NAME),
        parameters.getString(OUTPUT_NAME), parameters.getInt(BATCH_SIZE));
  }
}
