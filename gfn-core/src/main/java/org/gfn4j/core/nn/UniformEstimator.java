package org.gfn4j.core.nn;

import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.policy.ForwardPass;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An estimator without parameters whose output is all zeros: as policy logits it is the uniform distribution
 * over the allowed actions (the usual fixed backward policy).
 */
public final class UniformEstimator implements Estimator {
  private final int inputDim;
  private final int outputDim;
  private final INDArray empty = Nd4j.create(DataType.FLOAT, 0);

  /** A uniform estimator of the given widths. */
  public UniformEstimator(int inputDim, int outputDim) {
    this.inputDim = inputDim;
    this.outputDim = outputDim;
  }

  @Override
  public int inputDim() {
    return inputDim;
  }

  @Override
  public int outputDim() {
    return outputDim;
  }

  @Override
  public ForwardPass forward(INDArray input) {
    INDArray zeros = Nd4j.zeros(input.dataType(), input.rows(), outputDim);
    return new ForwardPass() {
      @Override
      public INDArray output() {
        return zeros;
      }

      @Override
      public void backward(INDArray outputGradient) {
        // no parameters
      }
    };
  }

  @Override
  public INDArray parameters() {
    return empty;
  }

  @Override
  public INDArray gradients() {
    return empty;
  }

  @Override
  public String describe() {
    return "uniform";
  }
}
