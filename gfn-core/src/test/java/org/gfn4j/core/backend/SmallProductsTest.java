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
      "9, 1, 64, 1"})
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
        for (int p = 0; p < k; p++) {
          expected += (double) a[r * k + p] * w[from + p * n + j];
          scale += Math.abs((double) a[r * k + p] * w[from + p * n + j]);
        }
        assertThat((double) c[r * n + j]).as("c[%d, %d]", r, j).isCloseTo(expected, within(1e-6 * (1 + scale)));
      }
    }
    assertThat(c[rows * n]).as("beyond the product").isEqualTo(past);
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
