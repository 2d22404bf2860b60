package org.gfn4j.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.gfn4j.api.policy.ForwardPass;
import org.gfn4j.core.backend.Nd4jBackend;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A recording of an MLP's inference gives the outputs of plain inference, and its pass the gradients of a fresh
 * forward pass over the same rows, on every inference path (sparse first layer in Java or not, last layer in Java
 * or on ND4J, one to three hidden layers).
 */
class MlpRecordingTest {
  /** Rows of each call: few rows take the Java output layer, many the ND4J one; k-hot or dense features. */
  @ParameterizedTest
  @CsvSource({"1, 16, true", "2, 16, true", "3, 16, true", "2, 250, true", "2, 16, false", "1, 300, false",
      "3, 120, true"})
  void recordedPass_matchesAFreshForwardPass(int hidden, int rowsPerCall, boolean kHot) {
    SplittableRandom random = new SplittableRandom(hidden * 31L + rowsPerCall);
    int[] sizes = new int[hidden + 2];
    sizes[0] = 12;
    for (int l = 1; l <= hidden; l++) {
      sizes[l] = 64;
    }
    sizes[hidden + 1] = 5;
    Mlp mlp = new Mlp(sizes, Activation.RELU, DataType.FLOAT, random);
    Recording recording = mlp.startRecording().orElseThrow();
    int calls = 3;
    int rows = calls * rowsPerCall;
    float[] all = new float[rows * 12];
    for (int c = 0; c < calls; c++) {
      float[] features = features(rowsPerCall, kHot, random);
      System.arraycopy(features, 0, all, c * features.length, features.length);
      double[] plain = mlp.predict(features, rowsPerCall);
      assertThat(recording.predict(features, rowsPerCall)).containsExactly(plain);
    }
    assertThat(recording.rows()).isEqualTo(rows);

    INDArray gradient = Nd4jBackend.matrix(features(rows, false, random), rows, 5); // any dLoss/dOutput
    ForwardPass fresh = mlp.forward(Nd4jBackend.matrix(all, rows, 12));
    double[] freshOutputs = Nd4jBackend.toDoubles(fresh.output());
    for (int i = 0; i < freshOutputs.length; i++) {
      assertThat(recording.outputs()[i]).isCloseTo(freshOutputs[i], org.assertj.core.api.Assertions.within(1e-4));
    }
    mlp.zeroGradients();
    fresh.backward(gradient.dup());
    double[] expected = Nd4jBackend.toDoubles(mlp.gradients());
    mlp.zeroGradients();
    recording.pass().backward(gradient.dup());
    double[] actual = Nd4jBackend.toDoubles(mlp.gradients());
    double scale = 0;
    for (double g : expected) {
      scale = Math.max(scale, Math.abs(g));
    }
    assertThat(scale).isGreaterThan(0);
    for (int i = 0; i < expected.length; i++) {
      assertThat(Math.abs(actual[i] - expected[i])).as("gradient %d", i).isLessThan(1e-4 * scale);
    }
  }

  @Test
  void aRecordingWhoseParametersChanged_isRejected_andALaterRecordingReusesItsArrays() {
    Mlp mlp = new Mlp(new int[] {12, 32, 32, 3}, Activation.RELU, DataType.FLOAT, new SplittableRandom(1));
    Recording first = mlp.startRecording().orElseThrow();
    first.predict(features(4, true, new SplittableRandom(2)), 4);
    first.pass(); // current: accepted
    Recording second = mlp.startRecording().orElseThrow();
    assertThat(second.rows()).isZero();
    double[] outputs = second.predict(features(3, true, new SplittableRandom(3)), 3);
    assertThat(java.util.Arrays.copyOf(second.outputs(), 9)).containsExactly(outputs);
    mlp.parameters().addi(0.01);
    assertThatThrownBy(second::pass).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("mlp 12-32-32-3 relu").hasMessageContaining("stale");
  }

  @Test
  void aWideOneHotInput_givesTheDenseProductsOutputs_andItsRecordedPassTheGradients() {
    // 5 one-hot blocks of 1,000 (HyperGrid 5 x 1000): too wide to copy the first layer whole, so its weight rows
    // are read one by one
    int in = 5000;
    SplittableRandom random = new SplittableRandom(11);
    Mlp mlp = new Mlp(new int[] {in, 64, 64, 3}, Activation.RELU, DataType.FLOAT, random);
    int rows = 40;
    float[] features = new float[rows * in];
    for (int r = 0; r < rows; r++) {
      for (int d = 0; d < 5; d++) {
        features[r * in + d * 1000 + random.nextInt(1000)] = 1;
      }
    }
    double[] dense = Nd4jBackend.toDoubles(mlp.predict(Nd4jBackend.matrix(features, rows, in)));
    double[] sparse = mlp.predict(features, rows);
    for (int i = 0; i < dense.length; i++) {
      assertThat(sparse[i]).isCloseTo(dense[i], org.assertj.core.api.Assertions.within(1e-4));
    }
    Recording recording = mlp.startRecording().orElseThrow();
    recording.predict(features, rows);
    INDArray gradient = Nd4jBackend.matrix(features(rows, false, random), rows, 3);
    mlp.zeroGradients();
    mlp.forward(Nd4jBackend.matrix(features, rows, in)).backward(gradient.dup());
    double[] expected = Nd4jBackend.toDoubles(mlp.gradients());
    mlp.zeroGradients();
    recording.pass().backward(gradient.dup());
    double[] actual = Nd4jBackend.toDoubles(mlp.gradients());
    for (int i = 0; i < expected.length; i++) {
      assertThat(actual[i]).isCloseTo(expected[i], org.assertj.core.api.Assertions.within(1e-4));
    }
  }

  @Test
  void configurationsWhoseDerivativeNeedsTheInput_doNotRecord() {
    SplittableRandom random = new SplittableRandom(1);
    assertThat(new Mlp(new int[] {4, 8, 2}, Activation.TANH, DataType.FLOAT, random).startRecording()).isEmpty();
    assertThat(new Mlp(new int[] {4, 8, 2}, Activation.RELU, DataType.DOUBLE, random).startRecording()).isEmpty();
    assertThat(new Mlp(new int[] {4, 2}, Activation.TANH, DataType.FLOAT, random).startRecording()).isPresent();
    assertThat(new Mlp(new int[] {4, 8, 2}, Activation.LEAKY_RELU, DataType.FLOAT, random).startRecording())
        .isPresent();
  }

  private static float[] features(int rows, boolean kHot, SplittableRandom random) {
    float[] features = new float[rows * 12];
    for (int r = 0; r < rows; r++) {
      if (kHot) {
        features[r * 12 + random.nextInt(6)] = 1;
        features[r * 12 + 6 + random.nextInt(6)] = 1;
      } else {
        for (int j = 0; j < 12; j++) {
          features[r * 12 + j] = (float) random.nextDouble(-1, 1);
        }
      }
    }
    return features;
  }
}
