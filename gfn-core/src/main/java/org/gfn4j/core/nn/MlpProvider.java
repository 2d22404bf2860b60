package org.gfn4j.core.nn;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.random.RandomGenerator;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.policy.EstimatorShape;
import org.gfn4j.api.policy.PolicyProvider;

/**
 * Provides {@link Mlp} estimators as policy "mlp" (torchgfn's MLP: {@code layers} hidden layers of {@code hidden}
 * units), and {@link ConditionalMlp} estimators for shapes whose input ends in a condition (torchgfn's conditional
 * estimators: a state trunk and a condition trunk, their outputs concatenated, then a final MLP).
 */
public final class MlpProvider implements PolicyProvider {
  /** Parameter: hidden width. */
  public static final String HIDDEN = "hidden";
  /** Parameter: number of hidden layers. */
  public static final String LAYERS = "layers";
  /** Parameter: hidden activation. */
  public static final String ACTIVATION = "activation";
  /** Parameter: how a conditional estimator reads its condition ({@code trunks} or {@code input}). */
  public static final String CONDITIONING = "conditioning";
  /** Parameter: hidden width of the condition trunk. */
  public static final String CONDITION_HIDDEN = "condition_hidden";
  /** Parameter: number of hidden layers of the condition trunk. */
  public static final String CONDITION_LAYERS = "condition_layers";
  /** Parameter: output width of each trunk (the final MLP reads twice this many columns). */
  public static final String CONDITION_WIDTH = "condition_width";

  @Override
  public String name() {
    return "mlp";
  }

  @Override
  public String description() {
    return "multi-layer perceptron on ND4J (hand-written backward pass; float32, or float64 with --dtype)";
  }

  @Override
  public List<ParameterSpec> parameters() {
    return List.of(
        ParameterSpec.integer(HIDDEN, 256, 1, 65_536, "units per hidden layer"),
        ParameterSpec.integer(LAYERS, 2, 0, 64, "number of hidden layers"),
        ParameterSpec.choice(ACTIVATION, "relu", "hidden-layer activation", "relu", "leaky_relu", "tanh", "elu"),
        ParameterSpec.choice(CONDITIONING, "input", "conditional estimators: one MLP reading [state, condition] "
            + "(input), or torchgfn's state trunk and condition trunk feeding a final MLP (trunks)", "input", "trunks"),
        ParameterSpec.integer(CONDITION_HIDDEN, 16, 1, 65_536, "units per hidden layer of the condition trunk"),
        ParameterSpec.integer(CONDITION_LAYERS, 3, 0, 64, "hidden layers of the condition trunk"),
        ParameterSpec.integer(CONDITION_WIDTH, 16, 1, 65_536, "output width of the state and condition trunks"));
  }

  @Override
  public Estimator create(Parameters parameters, EstimatorShape shape, RandomGenerator random) {
    requireNonNull(parameters, "parameters is null");
    requireNonNull(shape, "shape is null");
    requireNonNull(random, "random is null");
    int layers = parameters.getInt(LAYERS);
    int hidden = parameters.getInt(HIDDEN);
    Activation activation = Activation.of(parameters.getString(ACTIVATION));
    int stateDim = shape.inputDim() - shape.conditionDim();
    if (shape.conditionDim() > 0 && stateDim > 0 && parameters.getString(CONDITIONING).equals("trunks")) {
      int width = parameters.getInt(CONDITION_WIDTH);
      return new ConditionalMlp(sizes(stateDim, hidden, layers, width),
          sizes(shape.conditionDim(), parameters.getInt(CONDITION_HIDDEN), parameters.getInt(CONDITION_LAYERS), width),
          sizes(2 * width, hidden, layers, shape.outputDim()), activation, shape.dataType(), random);
    }
    return new Mlp(sizes(shape.inputDim(), hidden, layers, shape.outputDim()), activation, shape.dataType(), random);
  }

  /** Layer widths {@code in, hidden x layers, out}. */
  private static int[] sizes(int in, int hidden, int layers, int out) {
    int[] sizes = new int[layers + 2];
    sizes[0] = in;
    for (int l = 1; l <= layers; l++) {
      sizes[l] = hidden;
    }
    sizes[layers + 1] = out;
    return sizes;
  }
}
