package org.gfn4j.core.nn;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.random.RandomGenerator;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.policy.ForwardPass;
import org.gfn4j.core.backend.Nd4jBackend;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A conditional estimator in the layout of torchgfn's {@code ConditionalDiscretePolicyEstimator}: a state trunk MLP
 * reads the encoded state, a condition trunk MLP reads the condition (the last columns of the input), and a final
 * MLP reads their two outputs side by side. Both trunks end in a linear layer, like torchgfn's {@code MLP}.
 *
 * <p>The three MLPs are views of one flat parameter buffer and one flat gradient buffer (state trunk, condition
 * trunk, final MLP, in that order), so an optimiser updates them as one group; they are initialised in that order
 * from one random source.
 */
public final class ConditionalMlp implements Estimator {
  private final Mlp stateTrunk;
  private final Mlp conditionTrunk;
  private final Mlp head;
  private final INDArray parameters;
  private final INDArray gradients;

  /**
   * Creates the estimator with fresh parameters.
   *
   * @param stateSizes layer widths of the state trunk, the encoding width first
   * @param conditionSizes layer widths of the condition trunk, the condition width first
   * @param finalSizes layer widths of the final MLP: the sum of the two trunks' output widths first, the estimator's
   *     output width last
   * @param activation hidden-layer activation of all three MLPs
   * @param dataType {@link DataType#FLOAT} for training; {@link DataType#DOUBLE} for gradient checks
   * @param random source of the initial weights
   */
  public ConditionalMlp(int[] stateSizes, int[] conditionSizes, int[] finalSizes, Activation activation,
      DataType dataType, RandomGenerator random) {
    requireNonNull(stateSizes, "stateSizes is null");
    requireNonNull(conditionSizes, "conditionSizes is null");
    requireNonNull(finalSizes, "finalSizes is null");
    requireNonNull(activation, "activation is null");
    requireNonNull(dataType, "dataType is null");
    requireNonNull(random, "random is null");
    if (stateSizes.length < 2 || conditionSizes.length < 2 || finalSizes.length < 2) {
      throw new IllegalArgumentException("each MLP of a conditional estimator needs at least two widths, got state "
          + Arrays.toString(stateSizes) + ", condition " + Arrays.toString(conditionSizes) + ", final "
          + Arrays.toString(finalSizes));
    }
    int joined = stateSizes[stateSizes.length - 1] + conditionSizes[conditionSizes.length - 1];
    if (finalSizes[0] != joined) {
      throw new IllegalArgumentException("the final MLP reads both trunks' outputs (" + joined + " columns), not "
          + finalSizes[0]);
    }
    Nd4jBackend.configure();
    long stateCount = Mlp.parameterCount(stateSizes);
    long conditionCount = Mlp.parameterCount(conditionSizes);
    long total = stateCount + conditionCount + Mlp.parameterCount(finalSizes);
    parameters = Nd4j.create(dataType, total);
    gradients = Nd4j.create(dataType, total);
    stateTrunk = new Mlp(stateSizes, activation, false, parameters, gradients, 0, random);
    conditionTrunk = new Mlp(conditionSizes, activation, false, parameters, gradients, stateCount, random);
    head = new Mlp(finalSizes, activation, false, parameters, gradients, stateCount + conditionCount, random);
  }

  @Override
  public int inputDim() {
    return stateTrunk.inputDim() + conditionTrunk.inputDim();
  }

  @Override
  public int outputDim() {
    return head.outputDim();
  }

  /** Width of the condition, the last columns of the input. */
  public int conditionDim() {
    return conditionTrunk.inputDim();
  }

  /** The state trunk (a view of this estimator's buffers). */
  public Mlp stateTrunk() {
    return stateTrunk;
  }

  /** The condition trunk (a view of this estimator's buffers). */
  public Mlp conditionTrunk() {
    return conditionTrunk;
  }

  /** The final MLP over both trunks' outputs (a view of this estimator's buffers). */
  public Mlp finalMlp() {
    return head;
  }

  @Override
  public INDArray parameters() {
    return parameters;
  }

  @Override
  public INDArray gradients() {
    return gradients;
  }

  @Override
  public INDArray predict(INDArray input) {
    checkInput(input);
    INDArray states = stateTrunk.predict(columns(input, 0, stateTrunk.inputDim()));
    INDArray conditions = conditionTrunk.predict(columns(input, stateTrunk.inputDim(), inputDim()));
    return head.predict(Nd4j.hstack(states, conditions));
  }

  /**
   * Inference on plain arrays: the state trunk takes {@link Mlp#predict(float[], int)}'s sparse path on k-hot and
   * one-hot encodings. The result equals {@link #predict(INDArray)} up to float rounding (a double estimator runs
   * {@link #predict(INDArray)} itself, to keep its trunks' outputs in double).
   */
  @Override
  public double[] predict(float[] features, int rows) {
    requireNonNull(features, "features is null");
    int in = inputDim();
    if (features.length < rows * in) {
      throw new IllegalArgumentException("estimator " + describe() + " expects " + rows + " x " + in
          + " features, got " + features.length);
    }
    if (parameters.dataType() != DataType.FLOAT) {
      return Nd4jBackend.toDoubles(predict(Nd4jBackend.matrix(features, rows, in, parameters.dataType())));
    }
    int stateDim = stateTrunk.inputDim();
    int conditionDim = conditionTrunk.inputDim();
    float[] states = new float[rows * stateDim];
    float[] conditions = new float[rows * conditionDim];
    for (int r = 0; r < rows; r++) {
      System.arraycopy(features, r * in, states, r * stateDim, stateDim);
      System.arraycopy(features, r * in + stateDim, conditions, r * conditionDim, conditionDim);
    }
    double[] stateOut = stateTrunk.predict(states, rows);
    double[] conditionOut = conditionTrunk.predict(conditions, rows);
    int stateWidth = stateTrunk.outputDim();
    int conditionWidth = conditionTrunk.outputDim();
    int width = stateWidth + conditionWidth;
    float[] joined = new float[rows * width];
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < stateWidth; j++) {
        joined[r * width + j] = (float) stateOut[r * stateWidth + j];
      }
      for (int j = 0; j < conditionWidth; j++) {
        joined[r * width + stateWidth + j] = (float) conditionOut[r * conditionWidth + j];
      }
    }
    return head.predict(joined, rows);
  }

  @Override
  public ForwardPass forward(INDArray input) {
    checkInput(input);
    int stateDim = stateTrunk.inputDim();
    Mlp.Pass statePass = stateTrunk.forwardPass(columns(input, 0, stateDim));
    Mlp.Pass conditionPass = conditionTrunk.forwardPass(columns(input, stateDim, inputDim()));
    Mlp.Pass headPass = head.forwardPass(Nd4j.hstack(statePass.output(), conditionPass.output()));
    int stateWidth = stateTrunk.outputDim();
    return new ForwardPass() {
      @Override
      public INDArray output() {
        return headPass.output();
      }

      @Override
      public void backward(INDArray outputGradient) {
        INDArray joined = headPass.backward(outputGradient, true);
        statePass.backward(columns(joined, 0, stateWidth), false);
        conditionPass.backward(columns(joined, stateWidth, joined.columns()), false);
      }
    };
  }

  /** Columns {@code from .. to - 1} of {@code matrix}, as a new row-major array. */
  private static INDArray columns(INDArray matrix, int from, int to) {
    return matrix.get(NDArrayIndex.all(), NDArrayIndex.interval(from, to)).dup('c');
  }

  private void checkInput(INDArray input) {
    if (input.rank() != 2 || input.columns() != inputDim()) {
      throw new IllegalArgumentException("estimator " + describe() + " expects input [rows, " + inputDim()
          + "], got " + Arrays.toString(input.shape()));
    }
  }

  @Override
  public String describe() {
    return "conditional mlp state " + widths(stateTrunk) + ", condition " + widths(conditionTrunk) + ", final "
        + widths(head) + " " + head.activation().word();
  }

  private static String widths(Mlp mlp) {
    StringBuilder text = new StringBuilder();
    int[] sizes = mlp.sizes();
    for (int i = 0; i < sizes.length; i++) {
      text.append(i == 0 ? "" : "-").append(sizes[i]);
    }
    return text.toString();
  }
}
