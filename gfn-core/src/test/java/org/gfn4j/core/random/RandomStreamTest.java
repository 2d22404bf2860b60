package org.gfn4j.core.random;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class RandomStreamTest {
  /** Draws of every kind the code base makes, interleaved, so that a method drawing a different count shows. */
  private static final Function<RandomGenerator, double[]> MIXED = random -> {
    double[] draws = new double[12 * 2_000];
    for (int i = 0, k = 0; i < 2_000; i++) {
      draws[k++] = random.nextLong();
      draws[k++] = random.nextInt();
      draws[k++] = random.nextInt(7 + i);
      draws[k++] = random.nextInt(-3, 1 << 30);
      draws[k++] = random.nextDouble();
      draws[k++] = random.nextDouble(0.5, 2.5);
      draws[k++] = random.nextGaussian();
      draws[k++] = random.nextBoolean() ? 1 : 0;
      draws[k++] = random.nextFloat();
      draws[k++] = random.nextExponential();
      draws[k++] = random.nextLong(1L << 40);
      draws[k++] = random.nextGaussian(1, 3);
    }
    return draws;
  };

  @Test
  void drawsTheSameNumbersAsSplittableRandom() {
    for (long seed : new long[] {0, 1, -7, 0x123456789L}) {
      assertThat(MIXED.apply(new RandomStream(seed))).containsExactly(MIXED.apply(new SplittableRandom(seed)));
    }
  }

  @Test
  void aRestoredStreamContinuesWithTheSameDraws() throws IOException {
    RandomStream stream = Seeds.stream(3, Seeds.SAMPLING);
    MIXED.apply(stream);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    stream.writeState(new DataOutputStream(bytes));
    double[] expected = MIXED.apply(stream);

    RandomStream restored = Seeds.stream(99, Seeds.REPLAY);
    restored.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
    assertThat(MIXED.apply(restored)).containsExactly(expected);
    assertThat(restored.position()).isEqualTo(stream.position());
  }

  @Test
  void streamsOfOneSeedDiffer() {
    assertThat(Seeds.stream(1, Seeds.SAMPLING).nextLong()).isNotEqualTo(Seeds.stream(1, Seeds.REPLAY).nextLong());
    assertThat(Seeds.stream(1, Seeds.SAMPLING).nextLong()).isEqualTo(Seeds.stream(1, Seeds.SAMPLING).nextLong());
  }
}
