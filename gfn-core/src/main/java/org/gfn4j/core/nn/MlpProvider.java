package org.gfn4j.core.nn;

import java.util.List;
import java.util.random.RandomGenerator;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.policy.EstimatorShape;
import org.gfn4j.api.policy.PolicyProvider;

/** Provides {@link Mlp} estimators as policy "mlp" (torchgfn's MLP: {@code layers} hidden layers of {@code hidden} units). */
public final class MlpProvider implements PolicyProvider {
  /** Parameter: hidden width. */
  public static final String HIDDEN = "hidden";
  /** Parameter: number of hidden layers. */
  public static final String LAYERS = "layers";
  /** Parameter: hidden activation. */
  public static final String ACTIVATION = "activation";

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
        ParameterSpec.choice(ACTIVATION, "relu", "hidden-layer activation", "relu", "leaky_relu", "tanh", "elu"));
  }

  @Override
  public Estimator create(Parameters parameters, EstimatorShape shape, RandomGenerator random) {
    int layers = parameters.getInt(LAYERS);
    int[] sizes = new int[layers + 2];
    sizes[0] = shape.inputDim();
    for (int l = 1; l <= layers; l++) {
      sizes[l] = parameters.getInt(HIDDEN);
    }
    sizes[layers + 1] = shape.outputDim();
    return new Mlp(sizes, Activation.of(parameters.getString(ACTIVATION)), shape.dataType(), random);
  }
}
