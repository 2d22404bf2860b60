package org.gfn4j.core.terms;

import java.util.Optional;
import org.gfn4j.api.env.States;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.policy.ForwardPass;
import org.gfn4j.core.backend.Nd4jBackend;
import org.gfn4j.core.nn.Recordable;
import org.gfn4j.core.nn.Recording;
import org.gfn4j.core.sampling.Features;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * One batched forward pass of an estimator over some inputs, with its outputs on plain arrays and an
 * accumulator for the gradient with respect to the outputs that {@link #backward()} sends through the estimator.
 */
public final class EstimatorOutputs {
  /**
   * Whether trainable passes go through an estimator's inference path where it offers one ({@link Recordable};
   * {@code -Dgfn4j.recordedPasses=true}): off, because copying the activations out cost what the fewer ND4J ops
   * saved (docs/performance.md).
   */
  static final boolean RECORDED_PASSES = Boolean.getBoolean("gfn4j.recordedPasses");

  private final ForwardPass pass;
  private final int rows;
  private final int width;
  private final double[] outputs;
  private final double[] outputGradient;
  /** For outputs taken from a recording: the recording and its row of each of these rows; otherwise null. */
  private final Recording recording;
  private final int[] recordedRow;

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
    this.recording = null;
    this.recordedRow = null;
    if (rows == 0) {
      pass = null;
      return;
    }
    var recorded = trainable && RECORDED_PASSES && estimator instanceof Recordable recordable
        ? recordable.trainablePass(features, rows) : Optional.<ForwardPass>empty();
    if (recorded.isPresent()) {
      pass = recorded.get();
      System.arraycopy(Nd4jBackend.toDoubles(pass.output()), 0, outputs, 0, outputs.length);
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

  /**
   * A trainable pass taken from {@code recording} (checked to be current): row {@code r} is the recording's row
   * {@code recordedRow[r]}; the backward pass runs over the recorded rows.
   */
  public EstimatorOutputs(Recording recording, int width, int[] recordedRow) {
    recording.checkCurrent();
    this.rows = recordedRow.length;
    this.width = width;
    this.recording = recording;
    this.recordedRow = recordedRow;
    this.pass = null;
    this.outputs = new double[rows * width];
    this.outputGradient = new double[rows * width];
    double[] recorded = recording.outputs();
    for (int r = 0; r < rows; r++) {
      System.arraycopy(recorded, recordedRow[r] * width, outputs, r * width, width);
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
    if (recording != null) {
      double[] recordedGradient = new double[recording.rows() * width];
      for (int r = 0; r < rows; r++) {
        int to = recordedRow[r] * width;
        for (int c = 0; c < width; c++) {
          recordedGradient[to + c] += outputGradient[r * width + c];
        }
      }
      ForwardPass recorded = recording.pass();
      recorded.backward(Nd4jBackend.matrix(recordedGradient, recording.rows(), width, recorded.output().dataType()));
    } else if (pass != null) {
      pass.backward(Nd4jBackend.matrix(outputGradient, rows, width, pass.output().dataType()));
    }
  }
}
