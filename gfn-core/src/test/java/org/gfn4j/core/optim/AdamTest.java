package org.gfn4j.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AdamTest {
  /** Reference Adam as PyTorch computes it (torch.optim.Adam / AdamW). */
  private static double[] referenceSteps(double[] p, double[][] grads, double lr, double wd, boolean decoupled) {
    double b1 = 0.9;
    double b2 = 0.999;
    double eps = 1e-8;
    double[] m = new double[p.length];
    double[] v = new double[p.length];
    double[] x = p.clone();
    for (int t = 1; t <= grads.length; t++) {
      for (int i = 0; i < x.length; i++) {
        double g = grads[t - 1][i];
        if (wd > 0 && decoupled) {
          x[i] *= 1 - lr * wd;
        } else if (wd > 0) {
          g += wd * x[i];
        }
        m[i] = b1 * m[i] + (1 - b1) * g;
        v[i] = b2 * v[i] + (1 - b2) * g * g;
        double mHat = m[i] / (1 - Math.pow(b1, t));
        double vHat = v[i] / (1 - Math.pow(b2, t));
        x[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
      }
    }
    return x;
  }

  private static double[] run(double[] p, double[][] grads, double lr, double wd, boolean decoupled) {
    INDArray parameters = Nd4j.createFromArray(p);
    INDArray gradients = Nd4j.zeros(DataType.DOUBLE, p.length);
    Adam adam = new Adam(List.of(new ParameterGroup("w", parameters, gradients, lr, wd)),
        new AdamSettings(0.9, 0.999, 1e-8, decoupled, 0));
    for (double[] g : grads) {
      gradients.assign(Nd4j.createFromArray(g));
      adam.step();
    }
    assertThat(adam.steps()).isEqualTo(grads.length);
    return parameters.toDoubleVector();
  }

  private static final double[] START = {0.5, -1.0, 2.0};
  private static final double[][] GRADS = {{0.1, -0.2, 0.3}, {0.05, 0.4, -0.1}, {-0.3, 0.1, 0.2}};

  @Test
  void adam_matchesReferenceUpdate() {
    assertThat(run(START, GRADS, 0.01, 0, false)).containsExactly(referenceSteps(START, GRADS, 0.01, 0, false),
        within(1e-9));
  }

  @Test
  void firstStep_movesEachParameterByAboutTheLearningRate() {
    double[] after = run(START, new double[][] {GRADS[0]}, 0.01, 0, false);
    for (int i = 0; i < START.length; i++) {
      assertThat(START[i] - after[i]).isCloseTo(0.01 * Math.signum(GRADS[0][i]), within(1e-6));
    }
  }

  @Test
  void adamW_decouplesWeightDecay_andAdamAddsL2() {
    assertThat(run(START, GRADS, 0.01, 0.1, true)).containsExactly(referenceSteps(START, GRADS, 0.01, 0.1, true),
        within(1e-9));
    assertThat(run(START, GRADS, 0.01, 0.1, false)).containsExactly(referenceSteps(START, GRADS, 0.01, 0.1, false),
        within(1e-9));
  }

  @Test
  void groups_useTheirOwnLearningRates_andClippingScalesTheGlobalNorm() {
    INDArray a = Nd4j.createFromArray(new float[] {0, 0});
    INDArray ga = Nd4j.createFromArray(new float[] {3, 0});
    INDArray b = Nd4j.createFromArray(new float[] {0});
    INDArray gb = Nd4j.createFromArray(new float[] {4});
    Adam adam = new Adam(List.of(new ParameterGroup("a", a, ga, 0.001, 0), new ParameterGroup("b", b, gb, 0.1, 0)),
        new AdamSettings(0.9, 0.999, 1e-8, false, 1.0));
    double norm = adam.step();
    assertThat(norm).isCloseTo(5.0, within(1e-6));
    assertThat(a.getDouble(0)).isCloseTo(-0.001, within(1e-6));
    assertThat(a.getDouble(1)).isEqualTo(0.0);
    assertThat(b.getDouble(0)).isCloseTo(-0.1, within(1e-5));
  }

  @Test
  void floatGroups_matchTheReferenceToSinglePrecision() {
    INDArray parameters = Nd4j.createFromArray(new float[] {0.5f, -1.0f, 2.0f});
    INDArray gradients = Nd4j.zeros(DataType.FLOAT, 3);
    Adam adam = new Adam(List.of(new ParameterGroup("w", parameters, gradients, 0.01, 0)), AdamSettings.DEFAULTS);
    for (double[] g : GRADS) {
      gradients.assign(Nd4j.createFromArray(g).castTo(DataType.FLOAT));
      adam.step();
    }
    double[] expected = referenceSteps(START, GRADS, 0.01, 0, false);
    for (int i = 0; i < 3; i++) {
      assertThat(parameters.getDouble(i)).isCloseTo(expected[i], within(1e-6));
    }
  }

  @Test
  void nonFiniteGradient_isRefusedNamingTheGroup_beforeAnyParameterChanges() {
    INDArray a = Nd4j.createFromArray(new float[] {0.5f, -1.0f});
    INDArray b = Nd4j.createFromArray(new float[] {2.0f});
    INDArray ga = Nd4j.createFromArray(new float[] {0.1f, 0.2f});
    INDArray gb = Nd4j.createFromArray(new float[] {Float.NaN});
    Adam adam = new Adam(List.of(new ParameterGroup("pf", a, ga, 0.01, 0), new ParameterGroup("log_z", b, gb, 0.1,
        0)), AdamSettings.DEFAULTS);
    assertThatThrownBy(adam::step).isInstanceOf(NonFiniteGradientException.class)
        .hasMessageContaining("parameters of 'log_z' is not finite")
        .satisfies(e -> assertThat(((NonFiniteGradientException) e).group()).isEqualTo("log_z"));
    assertThat(a.toFloatVector()).containsExactly(0.5f, -1.0f);
    assertThat(b.toFloatVector()).containsExactly(2.0f);
    assertThat(adam.steps()).isZero();
  }

  @Test
  void invalidSettings_areRejected() {
    assertThatThrownBy(() -> new AdamSettings(1.0, 0.999, 1e-8, false, 0)).hasMessageContaining("betas");
    assertThatThrownBy(() -> new ParameterGroup("w", Nd4j.zeros(2), Nd4j.zeros(3), 0.1, 0))
        .hasMessageContaining("2 parameters but 3 gradients");
    assertThatThrownBy(() -> new ParameterGroup("w", Nd4j.zeros(2), Nd4j.zeros(2), -1, 0))
        .hasMessageContaining("learning rate");
  }
}
