package org.gfn4j.core.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.random.RandomGenerator;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.policy.ForwardPass;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Estimators that share one MLP trunk (torchgfn's "tied" PF, PB and log F): the trunk's hidden layers feed one
 * linear head per estimator. Trunk and heads live in one flat parameter buffer, which every head reports as its
 * {@link Estimator#parameters()}, so the model optimises, zeroes and saves it once.
 */
public final class TiedMlps {
  private TiedMlps() {}

  /**
   * @param inputDim width of the encoded states
   * @param hidden width of each trunk layer
   * @param layers number of trunk layers (at least 1)
   * @param activation trunk activation
   * @param headWidths output width of each head, in order
   * @return one estimator per head, in the order of {@code headWidths}
   */
  public static List<Estimator> create(int inputDim, int hidden, int layers, Activation activation,
      int[] headWidths, DataType dataType, RandomGenerator random) {
    if (layers < 1) {
      throw new IllegalArgumentException("a tied trunk needs at least one hidden layer, got " + layers);
    }
    int[] trunkSizes = new int[layers + 1];
    Arrays.fill(trunkSizes, hidden);
    trunkSizes[0] = inputDim;
    long total = Mlp.parameterCount(trunkSizes);
    for (int width : headWidths) {
      total += Mlp.parameterCount(new int[] {hidden, width});
    }
    INDArray parameters = Nd4j.create(dataType, total);
    INDArray gradients = Nd4j.create(dataType, total);
    Mlp trunk = new Mlp(trunkSizes, activation, true, parameters, gradients, 0, random);
    long offset = Mlp.parameterCount(trunkSizes);
    List<Estimator> heads = new ArrayList<>();
    for (int width : headWidths) {
      Mlp head = new Mlp(new int[] {hidden, width}, activation, false, parameters, gradients, offset, random);
      offset += Mlp.parameterCount(new int[] {hidden, width});
      heads.add(new Head(trunk, head, parameters, gradients));
    }
    return heads;
  }

  private record Head(Mlp trunk, Mlp head, INDArray parameters, INDArray gradients) implements Estimator {
    @Override
    public int inputDim() {
      return trunk.inputDim();
    }

    @Override
    public int outputDim() {
      return head.outputDim();
    }

    @Override
    public INDArray predict(INDArray input) {
      return head.predict(trunk.predict(input));
    }

    @Override
    public ForwardPass forward(INDArray input) {
      Mlp.Pass trunkPass = trunk.forwardPass(input);
      Mlp.Pass headPass = head.forwardPass(trunkPass.output());
      return new ForwardPass() {
        @Override
        public INDArray output() {
          return headPass.output();
        }

        @Override
        public void backward(INDArray outputGradient) {
          trunkPass.backward(headPass.backward(outputGradient, true));
        }
      };
    }

    @Override
    public String describe() {
      int[] sizes = trunk.sizes();
      return "tied mlp " + sizes[0] + "-" + sizes[1] + "x" + (sizes.length - 1) + " " + trunk.activation().word()
          + " -> head " + head.outputDim();
    }
  }
}
