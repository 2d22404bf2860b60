package org.gfn4j.core.optim;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Adam's float update on the JDK's vector API: lane by lane the operations, in the order, of {@link Adam}'s plain
 * loop, so the same bits; several times faster than the loop the JIT makes (which keeps the square root and the
 * division scalar). Only called where {@code SmallProducts.available()}.
 */
final class AdamKernel {
  private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

  private static final VectorSpecies<Float> QUARTET = FloatVector.SPECIES_128;
  private static final VectorSpecies<Double> QUARTET_D = DoubleVector.SPECIES_256;

  private AdamKernel() {}

  /** {@link Adam#squaredNorm}'s sum, its eight running sums as two vectors of four. */
  static double squaredNorm(float[] values, int length) {
    DoubleVector low = DoubleVector.zero(QUARTET_D);
    DoubleVector high = DoubleVector.zero(QUARTET_D);
    int blocks = length / Adam.NORM_SUMS;
    for (int b = 0; b < blocks; b++) {
      int i = b * Adam.NORM_SUMS;
      DoubleVector x = (DoubleVector) FloatVector.fromArray(QUARTET, values, i).convertShape(VectorOperators.F2D,
          QUARTET_D, 0);
      DoubleVector y = (DoubleVector) FloatVector.fromArray(QUARTET, values, i + 4).convertShape(VectorOperators.F2D,
          QUARTET_D, 0);
      low = low.add(x.mul(x));
      high = high.add(y.mul(y));
    }
    double[] sums = new double[Adam.NORM_SUMS];
    low.intoArray(sums, 0);
    high.intoArray(sums, 4);
    return Adam.squaredNorm(values, blocks * Adam.NORM_SUMS, length, sums);
  }

  /**
   * Updates the first {@code length} parameters, moments included; moments below {@link Float#MIN_NORMAL} become 0
   * (see {@link Adam}).
   */
  static void update(float[] parameters, float[] gradients, float[] first, float[] second, int length,
      Adam.FloatStep step) {
    float c1 = 1 - step.beta1();
    float c2 = 1 - step.beta2();
    int i = 0;
    for (int bound = SPECIES.loopBound(length); i < bound; i += SPECIES.length()) {
      FloatVector p = FloatVector.fromArray(SPECIES, parameters, i);
      FloatVector g = FloatVector.fromArray(SPECIES, gradients, i).mul(step.scale()).add(p.mul(step.l2()));
      FloatVector m = FloatVector.fromArray(SPECIES, first, i).mul(step.beta1()).add(g.mul(c1));
      FloatVector v = FloatVector.fromArray(SPECIES, second, i).mul(step.beta2()).add(g.mul(c2).mul(g));
      m = m.blend(0f, m.abs().compare(VectorOperators.LT, Float.MIN_NORMAL));
      v = v.blend(0f, v.compare(VectorOperators.LT, Float.MIN_NORMAL));
      m.intoArray(first, i);
      v.intoArray(second, i);
      p.mul(step.shrink()).sub(m.mul(step.stepSize())
          .div(v.lanewise(VectorOperators.SQRT).div(step.root()).add(step.epsilon()))).intoArray(parameters, i);
    }
    for (; i < length; i++) {
      Adam.update(parameters, gradients, first, second, i, step);
    }
  }

  /** {@link #squaredNorm(float[], int)} of the first {@code length} floats of native memory. */
  static double squaredNorm(ByteBuffer values, int length) {
    ByteOrder order = ByteOrder.nativeOrder();
    DoubleVector low = DoubleVector.zero(QUARTET_D);
    DoubleVector high = DoubleVector.zero(QUARTET_D);
    int blocks = length / Adam.NORM_SUMS;
    for (int b = 0; b < blocks; b++) {
      int at = b * Adam.NORM_SUMS * Float.BYTES;
      DoubleVector x = (DoubleVector) FloatVector.fromByteBuffer(QUARTET, values, at, order)
          .convertShape(VectorOperators.F2D, QUARTET_D, 0);
      DoubleVector y = (DoubleVector) FloatVector.fromByteBuffer(QUARTET, values, at + 4 * Float.BYTES, order)
          .convertShape(VectorOperators.F2D, QUARTET_D, 0);
      low = low.add(x.mul(x));
      high = high.add(y.mul(y));
    }
    double[] sums = new double[Adam.NORM_SUMS];
    low.intoArray(sums, 0);
    high.intoArray(sums, 4);
    float[] tail = new float[length - blocks * Adam.NORM_SUMS];
    for (int j = 0; j < tail.length; j++) {
      tail[j] = values.getFloat((blocks * Adam.NORM_SUMS + j) * Float.BYTES);
    }
    return Adam.squaredNorm(tail, 0, tail.length, sums);
  }

  /**
   * {@link #update(float[], float[], float[], float[], int, Adam.FloatStep)} with the parameters and gradients in
   * native memory, read and written there (no copies): the same bits.
   */
  static void update(ByteBuffer parameters, ByteBuffer gradients, float[] first, float[] second, int length,
      Adam.FloatStep step) {
    ByteOrder order = ByteOrder.nativeOrder();
    float c1 = 1 - step.beta1();
    float c2 = 1 - step.beta2();
    int i = 0;
    for (int bound = SPECIES.loopBound(length); i < bound; i += SPECIES.length()) {
      int at = i * Float.BYTES;
      FloatVector p = FloatVector.fromByteBuffer(SPECIES, parameters, at, order);
      FloatVector g = FloatVector.fromByteBuffer(SPECIES, gradients, at, order).mul(step.scale())
          .add(p.mul(step.l2()));
      FloatVector m = FloatVector.fromArray(SPECIES, first, i).mul(step.beta1()).add(g.mul(c1));
      FloatVector v = FloatVector.fromArray(SPECIES, second, i).mul(step.beta2()).add(g.mul(c2).mul(g));
      m = m.blend(0f, m.abs().compare(VectorOperators.LT, Float.MIN_NORMAL));
      v = v.blend(0f, v.compare(VectorOperators.LT, Float.MIN_NORMAL));
      m.intoArray(first, i);
      v.intoArray(second, i);
      p.mul(step.shrink()).sub(m.mul(step.stepSize())
          .div(v.lanewise(VectorOperators.SQRT).div(step.root()).add(step.epsilon())))
          .intoByteBuffer(parameters, at, order);
    }
    for (; i < length; i++) {
      int at = i * Float.BYTES;
      parameters.putFloat(at, Adam.updated(parameters.getFloat(at), gradients.getFloat(at), first, second, i, step));
    }
  }
}
