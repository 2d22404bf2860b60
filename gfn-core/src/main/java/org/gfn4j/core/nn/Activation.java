package org.gfn4j.core.nn;

import java.util.Locale;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationTanH;

/** Hidden-layer activations of {@link Mlp}, with their ND4J forward and backward implementations. */
public enum Activation {
  RELU(new ActivationReLU()),
  LEAKY_RELU(new ActivationLReLU(0.01)),
  TANH(new ActivationTanH()),
  ELU(new ActivationELU(1.0));

  private final IActivation function;

  Activation(IActivation function) {
    this.function = function;
  }

  /** The ND4J implementation: {@code getActivation} in place, {@code backprop(preActivation, gradient)}. */
  IActivation function() {
    return function;
  }

  /** The parameter word for this activation ({@code "leaky_relu"}). */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The activation named by {@code word}. */
  public static Activation of(String word) {
    return valueOf(word.toUpperCase(Locale.ROOT));
  }
}
