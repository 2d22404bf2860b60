package org.gfn4j.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.SplittableRandom;
import org.gfn4j.api.param.Parameters;
import org.gfn4j.api.policy.Estimator;
import org.gfn4j.api.policy.EstimatorShape;
import org.gfn4j.core.backend.Nd4jBackend;
import org.gfn4j.testkit.ParameterGradients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The conditional estimator's backward pass, inference paths, buffer layout and selection by the "mlp" provider. */
class ConditionalMlpTest {
  private static final int STATE = 8;
  private static final int CONDITION = 2;

  /** Rows of a k-hot state encoding (two ones among {@code STATE} columns) followed by a condition in [0, 1). */
  private static float[] features(SplittableRandom random, int rows) {
    int width = STATE + CONDITION;
    float[] features = new float[rows * width];
    for (int r = 0; r < rows; r++) {
      features[r * width + random.nextInt(STATE / 2)] = 1;
      features[r * width + STATE / 2 + random.nextInt(STATE / 2)] = 1;
      for (int d = 0; d < CONDITION; d++) {
        features[r * width + STATE + d] = (float) random.nextDouble();
      }
    }
    return features;
  }

  private static ConditionalMlp estimator(Activation activation, DataType dataType, long seed) {
    return new ConditionalMlp(new int[] {STATE, 7, 6, 4}, new int[] {CONDITION, 5, 5, 3}, new int[] {7, 6, 3},
        activation, dataType, new SplittableRandom(seed));
  }

  private static INDArray randomMatrix(SplittableRandom random, int rows, int cols) {
    double[] values = new double[rows * cols];
    for (int i = 0; i < values.length; i++) {
      values[i] = 2 * random.nextDouble() - 1;
    }
    return Nd4j.create(values, new long[] {rows, cols}, 'c');
  }

  @ParameterizedTest
  @EnumSource(Activation.class)
  void backward_matchesFiniteDifferences(Activation activation) {
    SplittableRandom random = new SplittableRandom(11);
    ConditionalMlp estimator = estimator(activation, DataType.DOUBLE, 5);
    INDArray input = Nd4jBackend.matrix(features(random, 6), 6, STATE + CONDITION, DataType.DOUBLE);
    INDArray weights = randomMatrix(random, 6, 3);
    estimator.zeroGradients();
    estimator.forward(input).backward(weights);
    double[] analytic = estimator.gradients().toDoubleVector();
    ParameterGradients.assertMatchFiniteDifferences(estimator.describe(), estimator.parameters(), analytic,
        () -> estimator.predict(input).mul(weights).sumNumber().doubleValue(), 1e-6, 1e-7, 1e-6, 0.5);
  }

  @Test
  void everyPart_receivesGradient_andGradientsAccumulate() {
    SplittableRandom random = new SplittableRandom(2);
    ConditionalMlp estimator = estimator(Activation.TANH, DataType.DOUBLE, 3);
    INDArray input = Nd4jBackend.matrix(features(random, 5), 5, STATE + CONDITION, DataType.DOUBLE);
    INDArray ones = Nd4j.ones(DataType.DOUBLE, 5, 3);
    estimator.zeroGradients();
    estimator.forward(input).backward(ones);
    double[] once = estimator.gradients().toDoubleVector();
    estimator.forward(input).backward(ones);
    double[] twice = estimator.gradients().toDoubleVector();
    for (int i = 0; i < once.length; i++) {
      assertThat(twice[i]).isCloseTo(2 * once[i], within(1e-12));
    }
    long state = Mlp.parameterCount(new int[] {STATE, 7, 6, 4});
    long condition = Mlp.parameterCount(new int[] {CONDITION, 5, 5, 3});
    assertThat(norm(once, 0, state)).as("state trunk gradient").isPositive();
    assertThat(norm(once, state, state + condition)).as("condition trunk gradient").isPositive();
    assertThat(norm(once, state + condition, once.length)).as("final MLP gradient").isPositive();
  }

  private static double norm(double[] values, long from, long to) {
    double sum = 0;
    for (long i = from; i < to; i++) {
      sum += values[(int) i] * values[(int) i];
    }
    return sum;
  }

  @Test
  void parameters_areOneBuffer_ofWhichEveryMlpIsAView() {
    ConditionalMlp estimator = estimator(Activation.RELU, DataType.FLOAT, 1);
    long total = Mlp.parameterCount(new int[] {STATE, 7, 6, 4}) + Mlp.parameterCount(new int[] {CONDITION, 5, 5, 3})
        + Mlp.parameterCount(new int[] {7, 6, 3});
    assertThat(estimator.parameters().length()).isEqualTo(total);
    assertThat(estimator.gradients().length()).isEqualTo(total);
    assertThat(estimator.inputDim()).isEqualTo(STATE + CONDITION);
    assertThat(estimator.conditionDim()).isEqualTo(CONDITION);
    assertThat(estimator.outputDim()).isEqualTo(3);
    estimator.parameters().assign(0.25);
    assertThat(estimator.stateTrunk().weights(0).getDouble(0, 0)).isEqualTo(0.25);
    assertThat(estimator.conditionTrunk().bias(2).getDouble(0, 0)).isEqualTo(0.25);
    assertThat(estimator.finalMlp().weights(1).getDouble(0, 0)).isEqualTo(0.25);
    assertThat(estimator.describe()).isEqualTo("conditional mlp state 8-7-6-4, condition 2-5-5-3, final 7-6-3 relu");
  }

  @ParameterizedTest
  @EnumSource(value = DataType.class, names = {"FLOAT", "DOUBLE"})
  void predictOnArrays_equalsPredictAndForward(DataType dataType) {
    SplittableRandom random = new SplittableRandom(9);
    ConditionalMlp estimator = estimator(Activation.RELU, dataType, 4);
    for (int rows : new int[] {1, 7, 64}) {
      float[] features = features(random, rows);
      INDArray input = Nd4jBackend.matrix(features, rows, STATE + CONDITION, dataType);
      double[] expected = Nd4jBackend.toDoubles(estimator.predict(input));
      double[] actual = estimator.predict(features, rows);
      double tolerance = dataType == DataType.FLOAT ? 1e-5 : 0;
      assertThat(actual).hasSize(rows * 3);
      for (int i = 0; i < expected.length; i++) {
        assertThat(actual[i]).as("rows %d, value %d", rows, i).isCloseTo(expected[i], within(tolerance));
      }
      assertThat(Nd4jBackend.toDoubles(estimator.forward(input).output())).containsExactly(expected);
    }
  }

  @Test
  void rejects_inconsistentWidths_andWrongInputs() {
    assertThatThrownBy(() -> new ConditionalMlp(new int[] {4, 5, 3}, new int[] {1, 2, 3}, new int[] {5, 2},
        Activation.RELU, DataType.DOUBLE, new SplittableRandom(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6 columns");
    ConditionalMlp estimator = estimator(Activation.RELU, DataType.DOUBLE, 1);
    assertThatThrownBy(() -> estimator.forward(Nd4j.zeros(DataType.DOUBLE, 2, STATE)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expects input");
    assertThatThrownBy(() -> estimator.predict(new float[STATE], 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("features");
  }

  @Test
  void estimatorShape_defaultsToNoCondition_andChecksItsWidth() {
    assertThat(new EstimatorShape(5, 3, "pf").conditionDim()).isZero();
    assertThat(new EstimatorShape(5, 3, "pf", 10, DataType.DOUBLE).conditionDim()).isZero();
    assertThat(new EstimatorShape(5, 3, "pf", 10, DataType.DOUBLE, 2).conditionDim()).isEqualTo(2);
    assertThatThrownBy(() -> new EstimatorShape(5, 3, "pf", 10, DataType.FLOAT, 6))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("condition width");
    assertThatThrownBy(() -> new EstimatorShape(5, 3, "pf", 10, DataType.FLOAT, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("condition width");
  }

  private static Parameters options(Map<String, String> raw) {
    return Parameters.parse("policy 'mlp'", new MlpProvider().parameters(), raw);
  }

  @Test
  void provider_buildsTrunks_forAConditionalShape() {
    Estimator estimator = new MlpProvider().create(options(Map.of("hidden", "12", "layers", "2",
        "conditioning", "trunks")),
        new EstimatorShape(STATE + CONDITION, 3, "pf", 0, DataType.FLOAT, CONDITION), new SplittableRandom(1));
    assertThat(estimator).isInstanceOf(ConditionalMlp.class);
    assertThat(estimator.describe())
        .isEqualTo("conditional mlp state 8-12-12-16, condition 2-16-16-16-16, final 32-12-12-3 relu");
    Estimator custom = new MlpProvider().create(options(Map.of("hidden", "12", "layers", "1",
        "conditioning", "trunks", "condition_hidden", "4", "condition_layers", "1", "condition_width", "5")),
        new EstimatorShape(STATE + CONDITION, 3, "pf", 0, DataType.FLOAT, CONDITION), new SplittableRandom(1));
    assertThat(custom.describe()).isEqualTo("conditional mlp state 8-12-5, condition 2-4-5, final 10-12-3 relu");
  }

  @Test
  void provider_buildsThePlainMlp_bitForBit_withoutCondition_onlyCondition_orConditioningInput() {
    Map<String, String> raw = Map.of("hidden", "12", "layers", "2");
    Mlp reference = new Mlp(new int[] {STATE + CONDITION, 12, 12, 3}, Activation.RELU, DataType.FLOAT,
        new SplittableRandom(1));
    for (Estimator estimator : new Estimator[] {
        new MlpProvider().create(options(raw), new EstimatorShape(STATE + CONDITION, 3, "pf", 0, DataType.FLOAT),
            new SplittableRandom(1)),
        new MlpProvider().create(options(Map.of("hidden", "12", "layers", "2", "conditioning", "input")),
            new EstimatorShape(STATE + CONDITION, 3, "pf", 0, DataType.FLOAT, CONDITION), new SplittableRandom(1)),
        new MlpProvider().create(options(raw), // the default reads [state, condition] in one MLP
            new EstimatorShape(STATE + CONDITION, 3, "pf", 0, DataType.FLOAT, CONDITION), new SplittableRandom(1))}) {
      assertThat(estimator).isInstanceOf(Mlp.class);
      assertThat(estimator.describe()).isEqualTo(reference.describe());
      assertThat(estimator.parameters().toFloatVector()).containsExactly(reference.parameters().toFloatVector());
    }
    Estimator logZ = new MlpProvider().create(options(raw),
        new EstimatorShape(CONDITION, 1, "log_z", 0, DataType.FLOAT, CONDITION), new SplittableRandom(1));
    assertThat(logZ).isInstanceOf(Mlp.class);
    assertThat(logZ.describe()).isEqualTo("mlp 2-12-12-1 relu");
  }
}
