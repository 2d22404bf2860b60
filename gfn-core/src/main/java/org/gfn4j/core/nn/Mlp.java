package org.gfn4j.core.nn;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.policy.ForwardPass;
import org.gfn4j.core.backend.Nd4jBackend;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A multi-layer perceptron on ND4J with a hand-written backward pass: linear layers with an activation between
 * them and a linear output. All weights and biases are views of one flat parameter buffer, and their gradients
 * of one flat gradient buffer, so an optimiser updates them in one pass over one buffer.
 *
 * <p>Initialisation follows PyTorch's {@code nn.Linear}: weights and biases uniform in
 * {@code [-1/sqrt(fanIn), 1/sqrt(fanIn)]}.
 */
public final class Mlp implements Estimator {
  private final int[] sizes;
  private final Activation activation;
  private final boolean activateOutput;
  private final INDArray parameters;
  private final INDArray gradients;
  private final INDArray[] weights;
  private final INDArray[] biases;
  private final INDArray[] weightGradients;
  private final INDArray[] biasGradients;

  /**
   * @param sizes layer widths, input first and output last (at least two entries)
   * @param activation hidden-layer activation
   * @param dataType {@link DataType#FLOAT} for training; {@link DataType#DOUBLE} for gradient checks
   * @param random source of the initial weights
   */
  public Mlp(int[] sizes, Activation activation, DataType dataType, RandomGenerator random) {
    this(sizes, activation, false, Nd4j.create(dataType, parameterCount(sizes)),
        Nd4j.create(dataType, parameterCount(sizes)), 0, random);
  }

  /**
   * An MLP whose weights are views of a slice of shared buffers (for estimators that share a trunk).
   *
   * @param activateOutput whether the last layer is followed by the activation too (a trunk) or is linear
   * @param parameters the shared flat parameter buffer; this MLP initialises its slice
   * @param gradients the shared flat gradient buffer
   * @param offset where this MLP's slice starts
   */
  Mlp(int[] sizes, Activation activation, boolean activateOutput, INDArray parameters, INDArray gradients,
      long offset, RandomGenerator random) {
    Nd4jBackend.configure();
    this.sizes = sizes.clone();
    this.activation = requireNonNull(activation, "activation is null");
    this.activateOutput = activateOutput;
    if (sizes.length < 2 || Arrays.stream(sizes).anyMatch(s -> s < 1)) {
      throw new IllegalArgumentException("MLP layer sizes must be at least two positive widths, got "
          + Arrays.toString(sizes));
    }
    this.parameters = parameters;
    this.gradients = gradients;
    int layers = sizes.length - 1;
    weights = new INDArray[layers];
    biases = new INDArray[layers];
    weightGradients = new INDArray[layers];
    biasGradients = new INDArray[layers];
    long position = offset;
    for (int l = 0; l < layers; l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      double bound = 1 / Math.sqrt(in);
      double[] initial = new double[in * out + out];
      for (int i = 0; i < initial.length; i++) {
        initial[i] = bound * (2 * random.nextDouble() - 1);
      }
      parameters.get(NDArrayIndex.interval(position, position + initial.length))
          .assign(Nd4j.createFromArray(initial).castTo(parameters.dataType()));
      weights[l] = view(parameters, position, in, out);
      weightGradients[l] = view(gradients, position, in, out);
      position += (long) in * out;
      biases[l] = view(parameters, position, 1, out);
      biasGradients[l] = view(gradients, position, 1, out);
      position += out;
    }
  }

  /** Number of weights and biases of an MLP with these layer widths. */
  static long parameterCount(int[] sizes) {
    long count = 0;
    for (int l = 0; l + 1 < sizes.length; l++) {
      count += (long) sizes[l] * sizes[l + 1] + sizes[l + 1];
    }
    return count;
  }

  private static INDArray view(INDArray flat, long offset, int rows, int cols) {
    INDArray view = flat.get(NDArrayIndex.interval(offset, offset + (long) rows * cols)).reshape('c', rows, cols);
    if (!view.isView()) {
      throw new IllegalStateException("ND4J returned a copy instead of a view of the parameter buffer");
    }
    return view;
  }

  @Override
  public int inputDim() {
    return sizes[0];
  }

  @Override
  public int outputDim() {
    return sizes[sizes.length - 1];
  }

  /** Layer widths, input first. */
  public int[] sizes() {
    return sizes.clone();
  }

  /** The hidden-layer activation. */
  public Activation activation() {
    return activation;
  }

  /** Number of linear layers ({@code sizes().length - 1}). */
  public int layerCount() {
    return weights.length;
  }

  /** The weights of linear layer {@code layer}, {@code [in, out]}: a live view of the parameter buffer. */
  public INDArray weights(int layer) {
    return weights[layer];
  }

  /** The bias of linear layer {@code layer}, {@code [1, out]}: a live view of the parameter buffer. */
  public INDArray bias(int layer) {
    return biases[layer];
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
    INDArray h = input;
    for (int l = 0; l < weights.length; l++) {
      INDArray z = h.mmul(weights[l]).addiRowVector(biases[l]);
      h = activated(l) ? activation.function().getActivation(z, false) : z;
    }
    return h;
  }

  @Override
  public ForwardPass forward(INDArray input) {
    checkInput(input);
    List<INDArray> layerInputs = new ArrayList<>(weights.length);
    List<INDArray> preActivations = new ArrayList<>(weights.length);
    INDArray h = input;
    for (int l = 0; l < weights.length; l++) {
      layerInputs.add(h);
      INDArray z = h.mmul(weights[l]).addiRowVector(biases[l]);
      if (!activated(l)) {
        preActivations.add(z);
        h = z;
      } else if (activation.derivativeFromOutput()) {
        h = activation.function().getActivation(z, true); // in place: the output determines the derivative
        preActivations.add(h);
      } else {
        preActivations.add(z);
        h = activation.function().getActivation(z.dup(), true);
      }
    }
    return new Pass(h, layerInputs, preActivations);
  }

  private boolean activated(int layer) {
    return layer < weights.length - 1 || activateOutput;
  }

  /** Forward pass that can also return the gradient with respect to its input (for a shared trunk). */
  Pass forwardPass(INDArray input) {
    return (Pass) forward(input);
  }

  private void checkInput(INDArray input) {
    if (input.rank() != 2 || input.columns() != sizes[0]) {
      throw new IllegalArgumentException("MLP " + describe() + " expects input [rows, " + sizes[0] + "], got "
          + Arrays.toString(input.shape()));
    }
  }

  @Override
  public String describe() {
    StringBuilder text = new StringBuilder("mlp ");
    for (int i = 0; i < sizes.length; i++) {
      text.append(i == 0 ? "" : "-").append(sizes[i]);
    }
    return text.append(' ').append(activation.word()).toString();
  }

  final class Pass implements ForwardPass {
    private final INDArray output;
    private final List<INDArray> layerInputs;
    private final List<INDArray> preActivations;
    private boolean used;

    Pass(INDArray output, List<INDArray> layerInputs, List<INDArray> preActivations) {
      this.output = output;
      this.layerInputs = layerInputs;
      this.preActivations = preActivations;
    }

    @Override
    public INDArray output() {
      return output;
    }

    @Override
    public void backward(INDArray outputGradient) {
      backward(outputGradient, false);
    }

    /**
     * Adds the parameter gradients and, if asked, returns dLoss/dInput.
     */
    INDArray backward(INDArray outputGradient, boolean inputGradient) {
      if (used) {
        throw new IllegalStateException("backward already ran for this forward pass of " + describe());
      }
      used = true;
      if (!Arrays.equals(outputGradient.shape(), output.shape())) {
        throw new IllegalArgumentException("output gradient " + Arrays.toString(outputGradient.shape())
            + " does not match output " + Arrays.toString(output.shape()));
      }
      int last = weights.length - 1;
      // backprop overwrites a stored pre-activation with dLoss/dz, which is all this pass still needs
      INDArray dz = activateOutput
          ? activation.function().backprop(preActivations.get(last), outputGradient.dup()).getFirst()
          : outputGradient;
      INDArray dInput = null;
      for (int l = last; l >= 0; l--) {
        Nd4j.gemm(layerInputs.get(l), dz, weightGradients[l], true, false, 1.0, 1.0);
        biasGradients[l].addi(dz.sum(true, 0));
        if (l > 0 || inputGradient) {
          INDArray dh = Nd4j.gemm(dz, weights[l], false, true);
          if (l > 0) {
            dz = activation.function().backprop(preActivations.get(l - 1), dh).getFirst();
          } else {
            dInput = dh;
          }
        }
      }
      return dInput;
    }
  }
}
