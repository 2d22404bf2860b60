package org.gfn4j.core.terms;

import org.gfn4j.api.env.States;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.policy.ForwardPass;
import org.gfn4j.core.backend.Nd4jBackend;
import org.gfn4j.core.sampling.Features;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * One batched forward pass of an estimator over some inputs, with its outputs on plain arrays and an
 * accumulator for the gradient with respect to the outputs that {@link #backward()} sends through the estimator.
 */
public final class EstimatorOutputs {
  private final ForwardPass pass;
  private final int rows;
  private final int width;
  private final double[] outputs;
  private final double[] outputGradient;

  /** The estimator over {@code states}' features; {@code trainable}: a backward pass will follow. */
  public EstimatorOutputs(Estimator estimator, States states, boolean trainable) {
    this(estimator, states.size() == 0 ? new float[0] : Features.of(states), states.size(), trainable);
  }

  /** The estimator over {@code rows} feature rows ({@code rows * inputDim()}, row-major). */
  public EstimatorOutputs(Estimator estimator, float[] features, int rows, boolean trainable) {
    this.rows = rows;
    this.width = estimator.outputDim();
    this.outputs = new double[rows * width];
    this.outputGradient = trainable ? new double[rows * width] : null;
    if (rows == 0) {
      pass = null;
      return;
    }
    DataType dataType = Nd4jBackend.inputType(estimator);
    var input = Nd4jBackend.matrix(features, rows, estimator.inputDim(), dataType);
    if (trainable) {
      pass = estimator.forward(input);
      System.arraycopy(Nd4jBackend.toDoubles(pass.output()), 0, outputs, 0, outputs.length);
    } else {
      pass = null;
      System.arraycopy(Nd4jBackend.toDoubles(estimator.predict(input)), 0, outputs, 0, outputs.length);
    }
  }

  /** Number of rows. */
  public int rows() {
    return rows;
  }

  /** Raw output {@code column} of row {@code row}. */
  public double output(int row, int column) {
    return outputs[row * width + column];
  }

  /** All raw outputs, row-major (read-only). */
  public double[] outputs() {
    return outputs;
  }

  /** The accumulated dLoss/dOutput, row-major, to add to. */
  public double[] outputGradient() {
    return outputGradient;
  }

  /** Adds {@code g} to dLoss/d(output at row, column). */
  public void addOutputGradient(int row, int column, double g) {
    outputGradient[row * width + column] += g;
  }

  /** Sends the accumulated output gradient through the estimator (adding to its parameter gradients). */
  public void backward() {
    if (pass != null) {
      pass.backward(Nd4jBackend.matrix(outputGradient, rows, width, pass.output().dataType()));
    }
  }
}
