package org.gfn4j.core.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.gfn4j.core.backend.Nd4jBackend;
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
  void theVectorKernel_givesThePlainLoopsBits_forTheUpdateAndTheNorm_atEveryLength_onArraysAndNativeMemory() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(3);
    Adam.FloatStep step = new Adam.FloatStep(0.7f, 0.01f, 0.9f, 0.999f, 1e-3f / 0.271f, 0.0447f, 1e-8f, 0.99999f);
    for (int length : new int[] {1, 7, 8, 15, 16, 17, 100, 70_707}) {
      float[] parameters = floats(random, length);
      float[] gradients = floats(random, length);
      float[] first = floats(random, length);
      float[] second = floats(random, length);
      for (int i = 0; i < length; i++) {
        second[i] = Math.abs(second[i]);
      }
      float[][] plain = {parameters.clone(), gradients.clone(), first.clone(), second.clone()};
      for (int i = 0; i < length; i++) {
        Adam.update(plain[0], plain[1], plain[2], plain[3], i, step);
      }
      // the same update with the parameters and gradients in native memory, as training has them
      INDArray nativeParameters = Nd4j.createFromArray(parameters.clone());
      INDArray nativeGradients = Nd4j.createFromArray(gradients.clone());
      float[] nativeFirst = first.clone();
      float[] nativeSecond = second.clone();
      double nativeNorm = AdamKernel.squaredNorm(Nd4jBackend.nativeFloats(nativeGradients).orElseThrow(), length);
      AdamKernel.update(Nd4jBackend.nativeFloats(nativeParameters).orElseThrow(),
          Nd4jBackend.nativeFloats(nativeGradients).orElseThrow(), nativeFirst, nativeSecond, length, step);
      AdamKernel.update(parameters, gradients, first, second, length, step);
      assertThat(parameters).as("parameters, length %d", length).containsExactly(plain[0]);
      assertThat(first).as("first moments, length %d", length).containsExactly(plain[2]);
      assertThat(second).as("second moments, length %d", length).containsExactly(plain[3]);
      assertThat(nativeParameters.toFloatVector()).as("native parameters, length %d", length)
          .containsExactly(plain[0]);
      assertThat(nativeGradients.toFloatVector()).as("native gradients unchanged").containsExactly(plain[1]);
      assertThat(nativeFirst).as("first moments, native, length %d", length).containsExactly(plain[2]);
      assertThat(nativeSecond).as("second moments, native, length %d", length).containsExactly(plain[3]);
      double norm = Adam.squaredNorm(gradients, 0, length, new double[Adam.NORM_SUMS]);
      assertThat(AdamKernel.squaredNorm(gradients, length)).as("squared norm, length %d", length).isEqualTo(norm);
      assertThat(nativeNorm).as("squared norm, native, length %d", length).isEqualTo(norm);
      double exact = 0;
      for (float g : gradients) {
        exact += (double) g * g;
      }
      assertThat(norm).isCloseTo(exact, within(1e-12 * exact));
    }
  }

  @Test
  void aMomentThatDecaysBelowTheSmallestNormalFloat_becomesZero_insteadOfStickingThere() {
    // 0.9 times a few units of the last place below the normal range rounds back to itself: without the flush the
    // first moment of a parameter whose gradient stays 0 would stay subnormal (and slow) for good
    assertThat(0.9f * (4 * Float.MIN_VALUE)).isEqualTo(4 * Float.MIN_VALUE);
    INDArray parameters = Nd4j.createFromArray(new float[] {0.5f, -1.0f});
    INDArray gradients = Nd4j.createFromArray(new float[] {0.3f, 1e-21f});
    Adam adam = new Adam(List.of(new ParameterGroup("w", parameters, gradients, 0.01, 0)), AdamSettings.DEFAULTS);
    adam.step();
    gradients.assign(0);
    for (int t = 0; t < 1200; t++) {
      adam.step();
    }
    float[] moments = momentsOfOneFloatGroup(adam, 2);
    assertThat(moments[0]).as("first moment of the first parameter").isZero();
    assertThat(moments[3]).as("second moment of g = 1e-21 (g^2 is subnormal)").isZero();
    assertThat(moments[2]).as("second moment of the first parameter, still normal")
        .isGreaterThan(0.001f * 0.3f * 0.3f * 0.25f);
    float[] after = parameters.toFloatVector();
    assertThat(after[0]).isLessThan(0.5f).isGreaterThan(0.1f);
    assertThat(after[1]).isLessThan(-0.9f);
  }

  /** The first and then the second moments of the one float group of {@code adam}. */
  private static float[] momentsOfOneFloatGroup(Adam adam, int length) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      adam.writeState(new DataOutputStream(bytes));
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
      in.readInt();
      assertThat(in.readInt()).isEqualTo(1);
      in.readUTF();
      assertThat(in.readInt()).isEqualTo(length);
      assertThat(in.readByte()).isEqualTo((byte) Float.BYTES);
      float[] moments = new float[2 * length];
      for (int i = 0; i < moments.length; i++) {
        moments[i] = in.readFloat();
      }
      return moments;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static float[] floats(java.util.SplittableRandom random, int length) {
    float[] values = new float[length];
    for (int i = 0; i < length; i++) {
      values[i] = (float) (random.nextDouble() * 2 - 1);
    }
    return values;
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

  /** A quadratic problem {@code Σ (p - t)^2} over a float32 group "pf" and a float64 group "log_z". */
  private static final class Problem {
    final INDArray pf;
    final INDArray pfGrad;
    final INDArray logZ;
    final INDArray logZGrad;
    final Adam adam;

    Problem(float[] pf, double[] logZ) {
      this.pf = Nd4j.createFromArray(pf.clone());
      this.pfGrad = Nd4j.zeros(DataType.FLOAT, pf.length);
      this.logZ = Nd4j.createFromArray(logZ.clone());
      this.logZGrad = Nd4j.zeros(DataType.DOUBLE, logZ.length);
      this.adam = new Adam(List.of(new ParameterGroup("pf", this.pf, pfGrad, 0.05, 0.01),
          new ParameterGroup("log_z", this.logZ, logZGrad, 0.1, 0)), new AdamSettings(0.9, 0.999, 1e-8, true, 2.0));
    }

    Problem() {
      this(new float[] {0.5f, -1.0f, 2.0f, 0.25f, -0.75f, 1.5f, 0.1f}, new double[] {0.3, -0.2});
    }

    /** Gradients of the quadratic at the current parameters (target 1 + i/10), then one step. */
    void step() {
      float[] p = pf.toFloatVector();
      float[] g = new float[p.length];
      for (int i = 0; i < p.length; i++) {
        g[i] = 2 * (p[i] - (1 + i / 10f));
      }
      pfGrad.assign(Nd4j.createFromArray(g));
      double[] z = logZ.toDoubleVector();
      double[] gz = new double[z.length];
      for (int i = 0; i < z.length; i++) {
        gz[i] = 2 * (z[i] - 5.0 * (i + 1));
      }
      logZGrad.assign(Nd4j.createFromArray(gz));
      adam.step();
    }
  }

  private static byte[] state(Adam adam) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    adam.writeState(new DataOutputStream(bytes));
    return bytes.toByteArray();
  }

  private static void restore(Adam adam, byte[] state) throws IOException {
    adam.readState(new DataInputStream(new ByteArrayInputStream(state)));
  }

  private static Adam adamOver(ParameterGroup... groups) {
    return new Adam(List.of(groups), AdamSettings.DEFAULTS);
  }

  private static ParameterGroup group(String name, DataType type, int length) {
    return new ParameterGroup(name, Nd4j.zeros(type, length), Nd4j.zeros(type, length), 0.1, 0);
  }

  @Test
  void restoredState_continuesBitForBit_forFloatAndDoubleGroups() throws IOException {
    Problem a = new Problem();
    for (int i = 0; i < 6; i++) {
      a.step();
    }
    byte[] saved = state(a.adam);
    float[] pfAtSave = a.pf.toFloatVector();
    double[] logZAtSave = a.logZ.toDoubleVector();
    List<float[]> pfAfter = new ArrayList<>();
    List<double[]> logZAfter = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      a.step();
      pfAfter.add(a.pf.toFloatVector());
      logZAfter.add(a.logZ.toDoubleVector());
    }

    Problem b = new Problem(pfAtSave, logZAtSave);
    restore(b.adam, saved);
    assertThat(b.adam.steps()).isEqualTo(6);
    for (int i = 0; i < 8; i++) {
      b.step();
      assertThat(b.pf.toFloatVector()).as("pf after step %d", 7 + i).containsExactly(pfAfter.get(i));
      assertThat(b.logZ.toDoubleVector()).as("log_z after step %d", 7 + i).containsExactly(logZAfter.get(i));
    }
    assertThat(state(b.adam)).isEqualTo(state(a.adam));

    Problem fresh = new Problem(pfAtSave, logZAtSave);
    fresh.step();
    assertThat(fresh.pf.toFloatVector()).as("without the moments the run departs").isNotEqualTo(pfAfter.get(0));
  }

  @Test
  void readState_rejectsAnotherGroupCount_length_orName_namingTheGroup() throws IOException {
    byte[] saved = state(adamOver(group("pf", DataType.FLOAT, 130), group("log_z", DataType.DOUBLE, 1)));
    assertThatThrownBy(() -> restore(adamOver(group("pf", DataType.FLOAT, 130)), saved))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("optimiser state: 2 groups in the checkpoint [pf, log_z], 1 in the run [pf]");
    assertThatThrownBy(() -> restore(adamOver(group("pf", DataType.FLOAT, 258), group("log_z", DataType.DOUBLE, 1)),
        saved)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("optimiser state: group 'pf' has 130 values in the checkpoint, 258 in the run");
    assertThatThrownBy(() -> restore(adamOver(group("pf", DataType.FLOAT, 130), group("pb", DataType.DOUBLE, 1)),
        saved)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("optimiser state: group 1 is 'log_z' in the checkpoint, 'pb' in the run");
    assertThatThrownBy(() -> restore(adamOver(group("pf", DataType.DOUBLE, 130), group("log_z", DataType.DOUBLE, 1)),
        saved)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("optimiser state: group 'pf' has 4-byte values in the checkpoint, 8-byte in the run");
  }

  @Test
  void truncatedState_failsWithEof_andLeavesTheStateUnchanged() throws IOException {
    Problem a = new Problem();
    for (int i = 0; i < 5; i++) {
      a.step();
    }
    byte[] saved = state(a.adam);
    Problem b = new Problem();
    b.step();
    byte[] before = state(b.adam);
    for (int cut : new int[] {saved.length - 1, saved.length / 2, 3}) {
      assertThatThrownBy(() -> restore(b.adam, Arrays.copyOf(saved, cut))).isInstanceOf(EOFException.class);
      assertThat(state(b.adam)).as("state after a checkpoint cut at %d bytes", cut).isEqualTo(before);
      assertThat(b.adam.steps()).isEqualTo(1);
    }
  }
}
