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
 * of one flat gradient buffer, so an optimiser updates them with one fused op.
 *
 * <p>Initialisation follows PyTorch's {@code nn.Linear}: weights and biases uniform in
 * {@code [-1/sqrt(fanIn), 1/sqrt(fanIn)]}.
 */
public final class Mlp implements Estimator {
  private final int[] sizes;
  private final Activation activation;
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
    Nd4jBackend.configure();
    this.sizes = sizes.clone();
    this.activation = requireNonNull(activation, "activation is null");
    if (sizes.length < 2 || Arrays.stream(sizes).anyMatch(s -> s < 1)) {
      throw new IllegalArgumentException("MLP layer sizes must be at least two positive widths, got "
          + Arrays.toString(sizes));
    }
    int layers = sizes.length - 1;
    long count = 0;
    for (int l = 0; l < layers; l++) {
      count += (long) sizes[l] * sizes[l + 1] + sizes[l + 1];
    }
    double[] initial = new double[Math.toIntExact(count)];
    parameters = Nd4j.create(dataType, count);
    gradients = Nd4j.create(dataType, count);
    weights = new INDArray[layers];
    biases = new INDArray[layers];
    weightGradients = new INDArray[layers];
    biasGradients = new INDArray[layers];
    long offset = 0;
    for (int l = 0; l < layers; l++) {
      int in = sizes[l];
      int out = sizes[l + 1];
      double bound = 1 / Math.sqrt(in);
      for (long i = offset, end = offset + (long) in * out + out; i < end; i++) {
        initial[(int) i] = bound * (2 * random.nextDouble() - 1);
      }
      weights[l] = view(parameters, offset, in, out);
      weightGradients[l] = view(gradients, offset, in, out);
      offset += (long) in * out;
      biases[l] = view(parameters, offset, 1, out);
      biasGradients[l] = view(gradients, offset, 1, out);
      offset += out;
    }
    parameters.assign(Nd4j.createFromArray(initial).castTo(dataType));
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
      h = l < weights.length - 1 ? activation.function().getActivation(z, false) : z;
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
      if (l < weights.length - 1) {
        preActivations.add(z);
        h = activation.function().getActivation(z.dup(), true);
      } else {
        h = z;
      }
    }
    return new Pass(h, layerInputs, preActivations);
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

  private final class Pass implements ForwardPass {
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
      if (used) {
        throw new IllegalStateException("backward already ran for this forward pass of " + describe());
      }
      used = true;
      if (!Arrays.equals(outputGradient.shape(), output.shape())) {
        throw new IllegalArgumentException("output gradient " + Arrays.toString(outputGradient.shape())
            + " does not match output " + Arrays.toString(output.shape()));
      }
      INDArray dz = outputGradient;
      for (int l = weights.length - 1; l >= 0; l--) {
        Nd4j.gemm(layerInputs.get(l), dz, weightGradients[l], true, false, 1.0, 1.0);
        biasGradients[l].addi(dz.sum(true, 0));
        if (l > 0) {
          INDArray dh = Nd4j.gemm(dz, weights[l], false, true);
          // backprop overwrites the stored pre-activation with dLoss/dz, which is all this pass still needs
          dz = activation.function().backprop(preActivations.get(l - 1), dh).getFirst();
        }
      }
    }
  }
}
