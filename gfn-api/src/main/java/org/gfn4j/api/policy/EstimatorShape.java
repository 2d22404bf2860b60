package org.gfn4j.api.policy;

import static java.util.Objects.requireNonNull;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * The input and output widths an estimator must have, its role, and how many states the environment has.
 *
 * @param inputDim width of the encoded states
 * @param outputDim width of the output (action count for a forward policy, 1 for a state flow)
 * @param role what the estimator computes, for messages and checkpoints ({@code "pf"}, {@code "pb"},
 *     {@code "log_f"})
 * @param stateCount number of states of an enumerable environment, 0 when unknown (a tabular estimator needs it)
 * @param dataType the numeric type of the parameters and the computation ({@code FLOAT} or {@code DOUBLE})
 * @param conditionDim width of the condition at the end of the input (its last {@code conditionDim} columns), 0 for
 *     an unconditional estimator
 */
public record EstimatorShape(int inputDim, int outputDim, String role, int stateCount, DataType dataType,
    int conditionDim) {
  public EstimatorShape {
    requireNonNull(dataType, "dataType is null");
    if (dataType != DataType.FLOAT && dataType != DataType.DOUBLE) {
      throw new IllegalArgumentException("estimator '" + role + "' computes in FLOAT or DOUBLE, not " + dataType);
    }
    if (inputDim < 1 || outputDim < 1) {
      throw new IllegalArgumentException("estimator '" + role + "' needs positive dimensions, got " + inputDim
          + " -> " + outputDim);
    }
    if (stateCount < 0) {
      throw new IllegalArgumentException("estimator '" + role + "': state count must be >= 0, got " + stateCount);
    }
    if (conditionDim < 0 || conditionDim > inputDim) {
      throw new IllegalArgumentException("estimator '" + role + "': condition width must be in [0, " + inputDim
          + "], got " + conditionDim);
    }
  }

  /** A shape with no condition in its input. */
  public EstimatorShape(int inputDim, int outputDim, String role, int stateCount, DataType dataType) {
    this(inputDim, outputDim, role, stateCount, dataType, 0);
  }

  /** A float32 shape. */
  public EstimatorShape(int inputDim, int outputDim, String role, int stateCount) {
    this(inputDim, outputDim, role, stateCount, DataType.FLOAT);
  }

  /** A float32 shape for an environment whose state count is unknown. */
  public EstimatorShape(int inputDim, int outputDim, String role) {
    this(inputDim, outputDim, role, 0);
  }
}
