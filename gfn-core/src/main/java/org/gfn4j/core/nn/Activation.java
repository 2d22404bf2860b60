package org.gfn4j.core.nn;

import java.util.Locale;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationTanH;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

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

  /**
   * dLoss/dz from dLoss/dOutput, given what the forward pass stored ({@code stored}: the output for ReLU and leaky
   * ReLU, the input otherwise). Both arguments may be overwritten; the result is one of them. ReLU takes two
   * ND4J ops (sign of the output, in place, times the gradient): ND4J's own ReLU backprop is about 7x slower.
   */
  INDArray backprop(INDArray stored, INDArray outputGradient) {
    if (this == RELU) {
      return outputGradient.muli(Transforms.sign(stored, false));
    }
    return function.backprop(stored, outputGradient).getFirst();
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

  /** Applies the activation to {@code values[from .. to - 1]} in place, in Java (ReLU vectorised by the JIT). */
  void applyInPlace(float[] values, int from, int to) {
    if (this == RELU) {
      for (int i = from; i < to; i++) {
        values[i] = Math.max(0f, values[i]);
      }
    } else {
      for (int i = from; i < to; i++) {
        values[i] = (float) apply(values[i]);
      }
    }
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
