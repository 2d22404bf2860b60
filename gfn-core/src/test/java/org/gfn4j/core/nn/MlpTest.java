package org.gfn4j.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gfn4j.api.policy.ForwardPass;
import org.gfn4j.core.backend.Nd4jBackend;
import org.gfn4j.core.backend.SmallProducts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MlpTest {
  private static INDArray randomMatrix(SplittableRandom random, int rows, int cols) {
    double[] values = new double[rows * cols];
    for (int i = 0; i < values.length; i++) {
      values[i] = 2 * random.nextDouble() - 1;
    }
    return Nd4j.create(values, new long[] {rows, cols}, 'c');
  }

  /** loss = Σ weights ⊙ output, so dLoss/dOutput = weights. */
  private static double loss(Mlp mlp, INDArray input, INDArray weights) {
    return mlp.predict(input).mul(weights).sumNumber().doubleValue();
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void backward_matchesFiniteDifferences(Activation activation) {
    SplittableRandom random = new SplittableRandom(7);
    Mlp mlp = new Mlp(new int[] {5, 7, 6, 3}, activation, DataType.DOUBLE, random);
    INDArray input = randomMatrix(random, 4, 5);
    INDArray weights = randomMatrix(random, 4, 3);
    mlp.zeroGradients();
    ForwardPass pass = mlp.forward(input);
    pass.backward(weights);
    double[] analytic = mlp.gradients().toDoubleVector();
    INDArray parameters = mlp.parameters();
    double h = 1e-6;
    for (int i = 0; i < parameters.length(); i++) {
      double original = parameters.getDouble(i);
      parameters.putScalar(i, original + h);
      double plus = loss(mlp, input, weights);
      parameters.putScalar(i, original - h);
      double minus = loss(mlp, input, weights);
      parameters.putScalar(i, original);
      double numeric = (plus - minus) / (2 * h);
      assertThat(analytic[i]).as("parameter %d of %s", i, mlp.describe()).isCloseTo(numeric, within(1e-6));
    }
  }

  @Test
  void forwardAndPredict_agree_andGradientsAccumulate() {
    SplittableRandom random = new SplittableRandom(3);
    Mlp mlp = new Mlp(new int[] {4, 8, 2}, Activation.RELU, DataType.DOUBLE, random);
    INDArray input = randomMatrix(random, 3, 4);
    assertThat(Nd4jBackend.toDoubles(mlp.forward(input).output())).containsExactly(Nd4jBackend.toDoubles(mlp.predict(input)));
    INDArray ones = Nd4j.ones(DataType.DOUBLE, 3, 2);
    mlp.zeroGradients();
    mlp.forward(input).backward(ones);
    double[] once = mlp.gradients().toDoubleVector();
    mlp.forward(input).backward(ones);
    double[] twice = mlp.gradients().toDoubleVector();
    for (int i = 0; i < once.length; i++) {
      assertThat(twice[i]).isCloseTo(2 * once[i], within(1e-12));
    }
  }

  @Test
  void parameters_areLiveViews() {
    Mlp mlp = new Mlp(new int[] {2, 3, 1}, Activation.TANH, DataType.DOUBLE, new SplittableRandom(1));
    INDArray input = Nd4j.create(new double[] {0.5, -0.5}, new long[] {1, 2}, 'c');
    double before = mlp.predict(input).getDouble(0);
    mlp.parameters().putScalar(mlp.parameters().length() - 1, mlp.parameters().getDouble(mlp.parameters().length() - 1) + 1);
    assertThat(mlp.predict(input).getDouble(0)).isCloseTo(before + 1, within(1e-12));
    assertThat(mlp.parameters().length()).isEqualTo(2 * 3 + 3 + 3 + 1);
  }

  @Test
  void initialisation_isSeededAndBounded() {
    Mlp a = new Mlp(new int[] {16, 32, 3}, Activation.RELU, DataType.FLOAT, new SplittableRandom(5));
    Mlp b = new Mlp(new int[] {16, 32, 3}, Activation.RELU, DataType.FLOAT, new SplittableRandom(5));
    Mlp c = new Mlp(new int[] {16, 32, 3}, Activation.RELU, DataType.FLOAT, new SplittableRandom(6));
    assertThat(a.parameters().toFloatVector()).containsExactly(b.parameters().toFloatVector());
    assertThat(a.parameters().toFloatVector()).isNotEqualTo(c.parameters().toFloatVector());
    assertThat(a.parameters().amaxNumber().doubleValue()).isLessThanOrEqualTo(1 / Math.sqrt(16) + 1e-6);
  }

  @Test
  void rejectsInputOfWrongWidth() {
    Mlp mlp = new Mlp(new int[] {4, 3}, Activation.RELU, DataType.FLOAT, new SplittableRandom(1));
    assertThatThrownBy(() -> mlp.forward(Nd4j.zeros(DataType.FLOAT, 2, 5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expects input [rows, 4]").hasMessageContaining("[2, 5]");
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void predictOnPlainArrays_matchesTheNd4jPass_forSparseAndDenseInputs(Activation activation) {
    SplittableRandom random = new SplittableRandom(21);
    // 40 hidden: vector blocks and remaining columns in the vector API's products
    for (int[] sizes : new int[][] {{12, 16, 16, 3}, {12, 16, 3}, {12, 9, 8, 7, 2}, {12, 64, 40, 3}}) {
      Mlp mlp = new Mlp(sizes, activation, DataType.FLOAT, random);
      // 5 and 64 rows: the Java path from the first layer to the output layer (SmallProducts' rows); 65 and 2000
      // rows: a Java first layer, ND4J after it as far as the products are large; 5 rows again: the small batch in
      // the per-thread buffers grown since
      for (int rows : new int[] {5, SmallProducts.MAX_ROWS, SmallProducts.MAX_ROWS + 1, 2000, 5}) {
        for (boolean sparse : new boolean[] {true, false}) {
          float[] features = features(rows, sparse, random);
          double[] expected = Nd4jBackend.toDoubles(mlp.predict(Nd4jBackend.matrix(features, rows, 12)));
          assertThat(mlp.predict(features, rows)).as("%s %d rows sparse=%s", mlp.describe(), rows, sparse)
              .containsExactly(expected, within(1e-5));
        }
      }
    }
  }

  @Test
  void predictOnPlainArrays_ofFewRows_givesEachRowTheSameOutputsWhateverRowsComeWithIt() {
    assertThat(SmallProducts.available()).as("the tests run with --add-modules jdk.incubator.vector").isTrue();
    SplittableRandom random = new SplittableRandom(5);
    Mlp mlp = new Mlp(new int[] {12, 64, 40, 3}, Activation.RELU, DataType.FLOAT, random);
    int rows = 11; // two blocks of four rows and three single rows in the products
    float[] features = features(rows, false, random);
    double[] together = mlp.predict(features, rows);
    for (int r = 0; r < rows; r++) {
      double[] alone = mlp.predict(java.util.Arrays.copyOfRange(features, r * 12, (r + 1) * 12), 1);
      assertThat(alone).as("row %d", r).containsExactly(java.util.Arrays.copyOfRange(together, r * 3, r * 3 + 3));
    }
  }

  @Test
  void predictOnPlainArrays_fromTwoThreadsAtOnce_givesEachItsOwnResult() throws Exception {
    Mlp mlp = new Mlp(new int[] {12, 16, 16, 3}, Activation.RELU, DataType.FLOAT, new SplittableRandom(3));
    ExecutorService threads = Executors.newFixedThreadPool(2);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int task = 0; task < 2; task++) {
        int rows = task == 0 ? 7 : 300;
        SplittableRandom random = new SplittableRandom(task);
        results.add(threads.submit(() -> {
          boolean same = true;
          for (int i = 0; i < 200; i++) {
            float[] features = features(rows, true, random);
            double[] expected = Nd4jBackend.toDoubles(mlp.predict(Nd4jBackend.matrix(features, rows, 12)));
            double[] actual = mlp.predict(features, rows);
            for (int k = 0; k < expected.length; k++) {
              same &= Math.abs(actual[k] - expected[k]) <= 1e-5;
            }
          }
          return same;
        }));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get()).isTrue();
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void predictOnPlainArrays_ofADoubleMlp_isItsNd4jPass() {
    Mlp mlp = new Mlp(new int[] {12, 16, 16, 3}, Activation.TANH, DataType.DOUBLE, new SplittableRandom(4));
    float[] features = features(5, true, new SplittableRandom(5));
    assertThat(mlp.predict(features, 5)).containsExactly(
        Nd4jBackend.toDoubles(mlp.predict(Nd4jBackend.matrix(features, 5, 12, DataType.DOUBLE))), within(1e-12));
  }

  @Test
  void trainingPassOfAFloatReluMlp_givesTheDoublePassResults_outputsGradientsAndInputGradient() {
    SplittableRandom random = new SplittableRandom(8);
    // {12, 40, 20}: an output layer wide enough for its input gradient as a product; 5 rows to 2,000 (past the
    // rows the bias gradients sum in Java); an activated output (a trunk) with its input gradient
    for (int[] sizes : new int[][] {{12, 16, 16, 3}, {12, 64, 40, 3}, {12, 40, 20}}) {
      for (boolean trunk : new boolean[] {false, true}) {
        Mlp single = mlp(sizes, trunk, DataType.FLOAT, random);
        Mlp reference = mlp(sizes, trunk, DataType.DOUBLE, random);
        reference.parameters().assign(single.parameters().castTo(DataType.DOUBLE));
        for (int rows : new int[] {5, 150, 321, 2000}) {
          for (boolean sparse : new boolean[] {true, false}) {
            String what = String.format("%s trunk=%s, %d rows, sparse=%s", single.describe(), trunk, rows, sparse);
            INDArray input = Nd4jBackend.matrix(features(rows, sparse, random), rows, 12);
            INDArray outputGradient = randomMatrix(random, rows, sizes[sizes.length - 1]);
            single.zeroGradients();
            reference.zeroGradients();
            Mlp.Pass pass = single.forwardPass(input);
            Mlp.Pass expectedPass = reference.forwardPass(input.castTo(DataType.DOUBLE));
            assertClose(pass.output(), expectedPass.output(), 1e-5, what + ": output");
            INDArray inputGradient = pass.backward(outputGradient.castTo(DataType.FLOAT), trunk);
            INDArray expectedInputGradient = expectedPass.backward(outputGradient, trunk);
            assertClose(single.gradients(), reference.gradients(), 1e-5, what + ": parameter gradients");
            if (trunk) {
              assertClose(inputGradient, expectedInputGradient, 1e-5, what + ": input gradient");
            }
          }
        }
      }
    }
  }

  @Test
  void snapshot_predictsAsPredictDoes_toTheBit_withTheParametersItWasTakenWith() {
    SplittableRandom random = new SplittableRandom(9);
    Mlp mlp = new Mlp(new int[] {12, 64, 40, 3}, Activation.RELU, DataType.FLOAT, random);
    Predictor snapshot = mlp.snapshot();
    for (int rows : new int[] {3, SmallProducts.MAX_ROWS + 1, 500}) {
      for (boolean sparse : new boolean[] {true, false}) {
        float[] features = features(rows, sparse, random);
        assertThat(snapshot.predict(features, rows)).as("%d rows sparse=%s", rows, sparse)
            .containsExactly(mlp.predict(features, rows));
      }
    }
    float[] features = features(3, true, random);
    double[] before = mlp.predict(features, 3);
    mlp.parameters().addi(0.5);
    assertThat(snapshot.predict(features, 3)).containsExactly(before);
    assertThat(mlp.snapshot().predict(features, 3)).containsExactly(mlp.predict(features, 3))
        .isNotEqualTo(before);
  }

  @Test
  void aClosedSnapshot_isRefused_andTheNextSnapshotReadsTheParametersAfresh() {
    SplittableRandom random = new SplittableRandom(10);
    Mlp mlp = new Mlp(new int[] {12, 64, 40, 3}, Activation.RELU, DataType.FLOAT, random);
    float[] features = features(3, true, random);
    Predictor first = mlp.snapshot();
    Predictor second = mlp.snapshot(); // open at once: each has its own copy
    double[] before = first.predict(features, 3);
    first.close();
    assertThatThrownBy(() -> first.predict(features, 3)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
    mlp.parameters().addi(0.25);
    try (Predictor third = mlp.snapshot()) { // takes the copy the first one handed on
      assertThat(third.predict(features, 3)).containsExactly(mlp.predict(features, 3)).isNotEqualTo(before);
      assertThat(second.predict(features, 3)).as("the open snapshot keeps its parameters").containsExactly(before);
    }
    second.close();
    second.close(); // closing twice hands its copy on once
  }

  private static Mlp mlp(int[] sizes, boolean trunk, DataType type, SplittableRandom random) {
    long count = Mlp.parameterCount(sizes);
    return new Mlp(sizes, Activation.RELU, trunk, Nd4j.create(type, count), Nd4j.create(type, count), 0, random);
  }

  /** Every value of {@code actual} within {@code tolerance} times (1 + the largest magnitude) of {@code expected}. */
  private static void assertClose(INDArray actual, INDArray expected, double tolerance, String what) {
    double[] a = Nd4jBackend.toDoubles(actual.castTo(DataType.DOUBLE));
    double[] e = Nd4jBackend.toDoubles(expected.castTo(DataType.DOUBLE));
    double scale = 1;
    for (double value : e) {
      scale = Math.max(scale, Math.abs(value));
    }
    assertThat(a).as(what).containsExactly(e, within(tolerance * scale));
  }

  /** {@code rows} encodings of width 12: two ones per row at random places (sparse) or uniform in [-1, 1]. */
  private static float[] features(int rows, boolean sparse, SplittableRandom random) {
    float[] features = new float[rows * 12];
    for (int r = 0; r < rows; r++) {
      int one = random.nextInt(6);
      for (int j = 0; j < 12; j++) {
        features[r * 12 + j] = sparse ? (j % 6 == one ? 1f : 0f) : (float) (2 * random.nextDouble() - 1);
      }
    }
    return features;
  }
}
