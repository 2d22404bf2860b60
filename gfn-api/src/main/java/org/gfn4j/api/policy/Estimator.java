package org.gfn4j.api.policy;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A differentiable function from encoded states to outputs (policy logits, log-flows), with its parameters and
 * gradients held in flat buffers so an optimiser can update them in a few fused operations.
 */
public interface Estimator {
  /** Width of the input features. */
  int inputDim();

  /** Width of the output. */
  int outputDim();

  /** Runs the estimator on {@code input} ({@code [rows, inputDim]}) keeping what {@link ForwardPass#backward} needs. */
  ForwardPass forward(INDArray input);

  /**
   * Runs the estimator for inference only ({@code [rows, inputDim]} in, {@code [rows, outputDim]} out); no
   * backward pass can follow.
   */
  default INDArray predict(INDArray input) {
    return forward(input).output();
  }

  /**
   * Inference on plain arrays: {@code features} holds {@code rows} encoded states ({@code rows * inputDim()},
   * row-major) and the result their outputs ({@code rows * outputDim()}, row-major). Samplers and evaluators call
   * this; implementations may compute parts of it without ND4J (the default goes through {@link #predict}).
   */
  default double[] predict(float[] features, int rows) {
    INDArray input = Nd4j.create(features, new long[] {rows, inputDim()}, 'c');
    if (parameters().length() > 0 && parameters().dataType() != DataType.FLOAT) {
      input = input.castTo(parameters().dataType());
    }
    return predict(input).castTo(DataType.DOUBLE).dup('c').data().asDouble();
  }

  /** All parameters as one flat row vector (a view: writing it changes the estimator); empty if none. */
  INDArray parameters();

  /** Accumulated gradients, laid out like {@link #parameters()}. */
  INDArray gradients();

  /** Sets the accumulated gradients to zero. */
  default void zeroGradients() {
    if (gradients().length() > 0) {
      gradients().assign(0);
    }
  }

  /** A short description of the architecture ({@code "mlp 16-256-256-3 relu"}). */
  String describe();
}
