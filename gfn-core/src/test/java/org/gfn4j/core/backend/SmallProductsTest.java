package org.gfn4j.core.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The vector API's products equal a product in double precision, on shapes that fill its blocks and that don't. */
class SmallProductsTest {
  @BeforeAll
  static void vectorApiPresent() {
    assertThat(SmallProducts.available()).as("the tests run with --add-modules jdk.incubator.vector").isTrue();
  }

  @ParameterizedTest
  @CsvSource({"16, 256, 256, 0", "1, 3, 16, 7", "5, 12, 40, 0", "4, 7, 3, 2", "64, 33, 17, 5", "0, 4, 16, 0",
      "9, 1, 64, 1", "8, 20, 48, 3", "15, 9, 70, 0", "23, 5, 33, 4"})
  void multiply_isTheProduct(int rows, int k, int n, int from) {
    SplittableRandom random = new SplittableRandom(rows * 1000L + k * 10L + n);
    float[] a = values(rows * k, random);
    float[] w = values(from + k * n, random);
    float[] c = values(rows * n + 3, random); // longer than needed, overwritten where it is the product
    float past = c[rows * n];
    SmallProducts.multiply(a, rows, k, w, from, n, c);
    for (int r = 0; r < rows; r++) {
      for (int j = 0; j < n; j++) {
        double expected = 0;
        double scale = 0;
        float fused = 0f; // the kernel's own order: each input's product in turn, fused
        for (int p = 0; p < k; p++) {
          expected += (double) a[r * k + p] * w[from + p * n + j];
          scale += Math.abs((double) a[r * k + p] * w[from + p * n + j]);
          fused = Math.fma(a[r * k + p], w[from + p * n + j], fused);
        }
        assertThat((double) c[r * n + j]).as("c[%d, %d]", r, j).isCloseTo(expected, within(1e-6 * (1 + scale)));
        assertThat(c[r * n + j]).as("c[%d, %d] to the bit", r, j).isEqualTo(fused);
      }
    }
    assertThat(c[rows * n]).as("beyond the product").isEqualTo(past);
  }

  @ParameterizedTest
  @CsvSource({"16, 256, 5, 0", "1, 4, 3, 2", "7, 33, 15, 1", "17, 64, 1, 0", "33, 256, 4, 9", "0, 8, 5, 0"})
  void narrowProduct_isTheScalarLoopOverNonZeroInputs_toTheBit(int rows, int k, int n, int from) {
    SplittableRandom random = new SplittableRandom(rows * 1000L + k * 10L + n);
    float[] a = values(rows * k, random);
    for (int i = 0; i < a.length; i += 3) {
      a[i] = i % 2 == 0 ? 0f : -0f; // ReLU's zeros, which the loop skips, and signed zeros
    }
    float[] w = values(from + k * n, random);
    if (k > 3) {
      w[from + 3 * n] = Float.POSITIVE_INFINITY; // input 3 is zero in row 0: skipped, so no NaN there
    }
    float[] bias = values(from + n, random);
    bias[from] = -0f; // a sum that stays -0 while only zero inputs come
    float[] out = values(rows * n + 2, random);
    float past = out[rows * n];
    float[] scratch = new float[SmallProducts.narrowScratch(k)];
    SmallProducts.narrowProduct(a, rows, k, w, from, n, bias, from, out, scratch);
    for (int r = 0; r < rows; r++) {
      for (int o = 0; o < n; o++) {
        float expected = bias[from + o];
        for (int p = 0; p < k; p++) {
          float x = a[r * k + p];
          if (x != 0) {
            expected += x * w[from + p * n + o];
          }
        }
        assertThat(Float.floatToRawIntBits(out[r * n + o])).as("out[%d, %d]", r, o)
            .isEqualTo(Float.floatToRawIntBits(expected));
      }
    }
    assertThat(out[rows * n]).as("beyond the product").isEqualTo(past);
  }

  @Test
  void narrowProduct_refusesArraysTooShort() {
    float[] scratch = new float[SmallProducts.narrowScratch(4)];
    assertThatThrownBy(() -> SmallProducts.narrowProduct(new float[12], 3, 4, new float[8], 0, 2, new float[1], 0,
        new float[6], scratch)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a bias of 2");
    assertThatThrownBy(() -> SmallProducts.narrowProduct(new float[12], 3, 4, new float[8], 0, 2, new float[2], 0,
        new float[6], new float[4])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("4 of scratch");
  }

  @Test
  void arraysTooShortForTheShapes_areRefused() {
    assertThatThrownBy(() -> SmallProducts.multiply(new float[11], 3, 4, new float[8], 0, 2, new float[6]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 x 4 (11 values)");
    assertThatThrownBy(() -> SmallProducts.multiply(new float[12], 3, 4, new float[8], 1, 2, new float[6]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 x 2 (7 values from 1)");
    assertThatThrownBy(() -> SmallProducts.multiply(new float[12], 3, 4, new float[8], 0, 2, new float[5]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("into 5 values");
  }

  private static float[] values(int length, SplittableRandom random) {
    float[] values = new float[length];
    for (int i = 0; i < length; i++) {
      values[i] = (float) random.nextDouble(-1, 1);
    }
    return values;
  }
}
