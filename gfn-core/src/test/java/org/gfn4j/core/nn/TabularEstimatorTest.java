package org.gfn4j.core.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.gfn4j.api.policy.ForwardPass;
import org.gfn4j.core.backend.Nd4jBackend;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class TabularEstimatorTest {
  private static INDArray rows(float[]... features) {
    float[] flat = new float[features.length * 2];
    for (int r = 0; r < features.length; r++) {
      System.arraycopy(features[r], 0, flat, 2 * r, 2);
    }
    return Nd4jBackend.matrix(flat, features.length, 2);
  }

  @Test
  void startsAtZero_learnsOneRowPerState_andAccumulatesGradientsPerState() {
    TabularEstimator table = new TabularEstimator(2, 3, 4);
    float[] a = {1, 0};
    float[] b = {0, 1};
    assertThat(Nd4jBackend.toFloats(table.predict(rows(a, b)))).containsOnly(0f);
    ForwardPass pass = table.forward(rows(a, b, a));
    pass.backward(Nd4jBackend.matrix(new float[] {1, 2, 3, 10, 20, 30, 4, 5, 6}, 3, 3));
    float[] gradients = Nd4jBackend.toFloats(table.gradients());
    // state a took row 0 and appears twice; state b took row 1
    assertThat(gradients).startsWith(5f, 7f, 9f, 10f, 20f, 30f, 0f);
    table.parameters().assign(table.gradients());
    assertThat(Nd4jBackend.toFloats(table.predict(rows(b)))).containsExactly(10f, 20f, 30f);
  }

  @Test
  void rejectsMoreStatesThanItsCapacity() {
    TabularEstimator table = new TabularEstimator(2, 1, 1);
    assertThatThrownBy(() -> table.predict(rows(new float[] {1, 0}, new float[] {0, 1})))
        .hasMessageContaining("would be state number 2 but the table holds 1");
  }

  @Test
  void registeredStates_keepTheirRows_andAnEncodingThatRepeatsIsRejected() {
    TabularEstimator table = new TabularEstimator(2, 1, 3);
    table.registerStates(new float[] {0, 1, 1, 0}, 2);
    table.parameters().assign(Nd4jBackend.matrix(new float[] {5, 7, 0}, 1, 3).reshape(3));
    assertThat(Nd4jBackend.toFloats(table.predict(rows(new float[] {1, 0}, new float[] {0, 1}))))
        .containsExactly(7f, 5f);
    TabularEstimator other = new TabularEstimator(2, 1, 3);
    assertThatThrownBy(() -> other.registerStates(new float[] {1, 1, 1, 1}, 2))
        .hasMessageContaining("states 0 and 1 have the same encoding");
  }
}
