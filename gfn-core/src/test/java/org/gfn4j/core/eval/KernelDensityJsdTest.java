package org.gfn4j.core.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KernelDensityJsdTest {
  private final KernelDensityJsd kde = KernelDensityJsd.torchgfn(new double[] {0, 0}, new double[] {1, 1});

  private static double[] uniform(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] points = new double[2 * n];
    for (int i = 0; i < points.length; i++) {
      points[i] = random.nextDouble();
    }
    return points;
  }

  /** Points in the corner square [0, 0.25)^2 only. */
  private static double[] corner(int n, long seed) {
    double[] points = uniform(n, seed);
    for (int i = 0; i < points.length; i++) {
      points[i] *= 0.25;
    }
    return points;
  }

  @Test
  void density_isNormalisedOverTheGrid_andMatchesTheExponentialKernelByHand() {
    double[] points = {0.2, 0.7, 0.9, 0.1};
    double[] density = kde.density(points);
    double sum = 0;
    for (double d : density) {
      sum += d;
    }
    assertThat(sum).isCloseTo(1, within(1e-12));
    // grid point (i, j) = (start + (1 - start) i / 99, same for j), start = 0.001
    double x = 0.001 + 0.999 * 10 / 99;
    double y = 0.001 + 0.999 * 50 / 99;
    double expected = Math.exp(-Math.hypot(x - 0.2, y - 0.7) / 0.1) + Math.exp(-Math.hypot(x - 0.9, y - 0.1) / 0.1);
    double x2 = 0.001 + 0.999 * 60 / 99;
    double y2 = 0.001 + 0.999 * 20 / 99;
    double expected2 = Math.exp(-Math.hypot(x2 - 0.2, y2 - 0.7) / 0.1)
        + Math.exp(-Math.hypot(x2 - 0.9, y2 - 0.1) / 0.1);
    assertThat(density[10 * 100 + 50] / density[60 * 100 + 20]).isCloseTo(expected / expected2, within(1e-9));
  }

  @Test
  void jsd_isZeroForTheSameSample_smallForTwoSamplesOfOneDistribution_largeForDisjointOnes() {
    double[] a = uniform(2000, 1);
    assertThat(kde.between(a, a)).isCloseTo(0, within(1e-15));
    double same = kde.between(a, uniform(2000, 2));
    double different = kde.between(a, corner(2000, 3));
    assertThat(same).isBetween(0.0, 0.01);
    assertThat(different).isGreaterThan(0.2).isLessThanOrEqualTo(Math.log(2));
    assertThat(kde.between(corner(2000, 3), a)).isCloseTo(different, within(1e-12));
  }

  @Test
  void rejectsEmptySamplesAndBadDomains() {
    assertThatThrownBy(() -> kde.density(new double[0])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-empty");
    assertThatThrownBy(() -> new KernelDensityJsd(new double[] {0, 1}, new double[] {1, 1}, 0.1, 100))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("low < high");
  }
}
