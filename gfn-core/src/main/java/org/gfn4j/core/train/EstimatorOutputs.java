package org.gfn4j.core.train;

import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Masks;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.policy.ForwardPass;
import org.gfn4j.core.backend.Nd4jBackend;
import org.gfn4j.core.sampling.MaskedSoftmax;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * One batched forward pass of an estimator over some states, with its outputs on plain arrays, the masked
 * log-softmax of each row when masks are given, and an accumulator for the gradient with respect to the
 * outputs that {@link #backward()} sends through the estimator.
 */
final class EstimatorOutputs {
  private final ForwardPass pass;
  private final int rows;
  private final int width;
  private final double[] outputs;
  private final double[] logProbs;
  private final Masks masks;
  private final double[] outputGradient;

  /**
   * @param estimator the estimator
   * @param states its inputs (encoded here)
   * @param masks masks for a log-softmax over each row, or null for raw outputs only
   * @param trainable whether a backward pass will follow
   */
  EstimatorOutputs(Estimator estimator, DiscreteStates states, Masks masks, boolean trainable) {
    this.rows = states.size();
    this.width = estimator.outputDim();
    this.masks = masks;
    this.outputs = new double[rows * width];
    this.outputGradient = trainable ? new double[rows * width] : null;
    if (rows == 0) {
      pass = null;
      logProbs = masks == null ? null : new double[0];
      return;
    }
    int encoding = states.environment().encodingDim();
    float[] features = new float[rows * encoding];
    states.environment().encode(states, features);
    DataType dataType = Nd4jBackend.inputType(estimator);
    var input = Nd4jBackend.matrix(features, rows, encoding, dataType);
    if (trainable) {
      pass = estimator.forward(input);
      System.arraycopy(Nd4jBackend.toDoubles(pass.output()), 0, outputs, 0, outputs.length);
    } else {
      pass = null;
      System.arraycopy(Nd4jBackend.toDoubles(estimator.predict(input)), 0, outputs, 0, outputs.length);
    }
    if (masks == null) {
      logProbs = null;
      return;
    }
    logProbs = new double[rows * width];
    double[] row = new double[width];
    for (int r = 0; r < rows; r++) {
      MaskedSoftmax.logProbabilities(outputs, masks, r, 1.0, row);
      System.arraycopy(row, 0, logProbs, r * width, width);
    }
  }

  /** Raw output {@code column} of row {@code row}. */
  double output(int row, int column) {
    return outputs[row * width + column];
  }

  /** Log-probability of {@code action} in row {@code row}. */
  double logProb(int row, int action) {
    return logProbs[row * width + action];
  }

  /** A copy of all raw outputs, row-major. */
  double[] outputs() {
    return outputs.clone();
  }

  /** A copy of all log-probabilities, row-major ({@code -inf} at masked actions). */
  double[] logProbs() {
    return logProbs.clone();
  }

  /** Adds {@code g} to dLoss/d(output at row, column). */
  void addOutputGradient(int row, int column, double g) {
    outputGradient[row * width + column] += g;
  }

  /** Adds dLoss/d(log p(action | row)) = {@code g}, through the masked log-softmax, to the output gradient. */
  void addLogProbGradient(int row, int action, double g) {
    MaskedSoftmax.addLogProbabilityGradient(logProbs, row * width, masks, row, action, g, outputGradient);
  }

  /** Sends the accumulated output gradient through the estimator (adding to its parameter gradients). */
  void backward() {
    if (pass != null) {
      pass.backward(Nd4jBackend.matrix(outputGradient, rows, width, pass.output().dataType()));
    }
  }
}
