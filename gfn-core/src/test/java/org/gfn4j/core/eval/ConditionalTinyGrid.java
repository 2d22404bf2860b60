package org.gfn4j.core.eval;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.gfn4j.api.env.AbstractDiscreteEnvironment;
import org.gfn4j.api.env.Conditions;
import org.gfn4j.api.env.DiscreteStates;
import org.gfn4j.api.env.Enumerable;
import org.gfn4j.api.param.ParameterSpec;
import org.gfn4j.api.param.Parameters;

/**
 * A conditional test grid of side {@code size}: moves +x, +y, exit anywhere; log R = log(1 + c x + (1 - c) y), so
 * its modes are the top row at c = 0, the right column at c = 1 and the far corner at c = 0.5.
 */
final class ConditionalTinyGrid extends AbstractDiscreteEnvironment implements Enumerable {
  private static final List<ParameterSpec> SPECS = List.of(ParameterSpec.integer("size", 3, 2, 50, "grid side"));
  private final int size;

  ConditionalTinyGrid(int size) {
    super("conditional-tiny-grid", Parameters.parse("environment 'conditional-tiny-grid'", SPECS,
        Map.of("size", "" + size)), 2, 3);
    this.size = size;
  }

  @Override
  protected void initialState(int[] values, int offset) {
    values[offset] = 0;
    values[offset + 1] = 0;
  }

  @Override
  protected void forwardMask(int[] values, int offset, boolean[] out, int outOffset) {
    out[outOffset] = values[offset] < size - 1;
    out[outOffset + 1] = values[offset + 1] < size - 1;
    out[outOffset + 2] = true;
  }

  @Override
  protected void backwardMask(int[] values, int offset, boolean[] out, int outOffset) {
    out[outOffset] = values[offset] > 0;
    out[outOffset + 1] = values[offset + 1] > 0;
  }

  @Override
  protected void applyForward(int[] values, int offset, int action) {
    values[offset + action]++;
  }

  @Override
  protected void applyBackward(int[] values, int offset, int action) {
    values[offset + action]--;
  }

  @Override
  public int conditionDim() {
    return 1;
  }

  @Override
  public Conditions sampleConditions(int n, RandomGenerator random) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = random.nextInt(3) / 2.0;
    }
    return Conditions.of(n, 1, values);
  }

  @Override
  public double[] logReward(DiscreteStates states) {
    Conditions conditions = states.conditions().require(name(), 1);
    double[] result = new double[states.size()];
    for (int i = 0; i < result.length; i++) {
      double c = conditions.get(i, 0);
      result[i] = Math.log(1 + c * states.get(i, 0) + (1 - c) * states.get(i, 1));
    }
    return result;
  }

  @Override
  public int encodingDim() {
    return 2 * size;
  }

  @Override
  public String encoding() {
    return "khot";
  }

  @Override
  public void encode(DiscreteStates states, float[] out) {
    Arrays.fill(out, 0, states.size() * encodingDim(), 0f);
    for (int i = 0; i < states.size(); i++) {
      out[i * encodingDim() + states.get(i, 0)] = 1;
      out[i * encodingDim() + size + states.get(i, 1)] = 1;
    }
  }

  @Override
  public int stateCount() {
    return size * size;
  }

  @Override
  public DiscreteStates allStates() {
    int[] values = new int[2 * size * size];
    for (int i = 0; i < size * size; i++) {
      values[2 * i] = i / size;
      values[2 * i + 1] = i % size;
    }
    return states(size * size, values);
  }

  @Override
  public int indexOf(DiscreteStates states, int row) {
    return states.get(row, 0) * size + states.get(row, 1);
  }
}
