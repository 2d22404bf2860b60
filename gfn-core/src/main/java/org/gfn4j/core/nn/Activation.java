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

  /**
   * Whether the derivative can be read off the activation's output as well as its input (ReLU and leaky ReLU:
   * the output is positive exactly where the input is), so a forward pass need not keep the input.
   */
  boolean derivativeFromOutput() {
    return this == RELU || this == LEAKY_RELU;
  }

  /** The activation of one value, in Java (the same function ND4J applies). */
  double apply(double x) {
    return switch (this) {
      case RELU -> Math.max(0, x);
      case LEAKY_RELU -> x > 0 ? x : 0.01 * x;
      case TANH -> Math.tanh(x);
      case ELU -> x > 0 ? x : Math.expm1(x);
    };
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
