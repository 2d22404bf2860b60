package org.gfn4j.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.gfn4j.examples.charts.DistributionChart;
import org.gfn4j.examples.charts.RunPictures;
import org.gfn4j.examples.charts.TrainingChart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gfn train} writes training.png and distribution.png that show the run. */
class TrainPicturesTest {
  private static Path train(Path out, String... options) {
    List<String> args = new ArrayList<>(List.of("train", "--no-progress", "--out", out.toString()));
    args.addAll(List.of(options));
    CliRunner result = CliRunner.run(args.toArray(String[]::new));
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err()).doesNotContain("warning");
    return out;
  }

  private static Path hypergrid(Path out, int iterations) {
    return train(out, "--env", "hypergrid", "--env-opt", "ndim=2", "--env-opt", "height=8", "--loss", "tb",
        "--iterations", Integer.toString(iterations), "--batch-size", "16", "--eval-every", "50", "--hidden", "32",
        "--layers", "1", "--lr", "0.01", "--seed", "1");
  }

  private static BufferedImage png(Path file, int width, int height) throws IOException {
    assertThat(file).exists();
    byte[] bytes = Files.readAllBytes(file);
    assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
    BufferedImage image = ImageIO.read(file.toFile());
    assertThat(image).as(file.toString()).isNotNull();
    assertThat(image.getWidth()).isEqualTo(width);
    assertThat(image.getHeight()).isEqualTo(height);
    return image;
  }

  /** The RGB values of the middle of a panel (a third of each side), where a chart draws its data. */
  private static int[] middle(BufferedImage image, int panel, int panels) {
    int panelWidth = image.getWidth() / panels;
    int x0 = panel * panelWidth + panelWidth / 3;
    int y0 = image.getHeight() / 3;
    int w = panelWidth / 3;
    int h = image.getHeight() / 3;
    return image.getRGB(x0, y0, w, h, null, 0, w);
  }

  private static long difference(int[] a, int[] b) {
    long sum = 0;
    for (int i = 0; i < a.length; i++) {
      for (int shift = 0; shift <= 16; shift += 8) {
        sum += Math.abs(((a[i] >> shift) & 0xff) - ((b[i] >> shift) & 0xff));
      }
    }
    return sum;
  }

  private static long colouredPixels(int[] pixels) {
    return Arrays.stream(pixels).filter(rgb -> (rgb & 0xffffff) != 0xffffff).count();
  }

  @Test
  void hypergrid_heatmapOfTheTrainedRun_isCloserToTheTargetThanTheUntrainedOne(@TempDir Path dir)
      throws IOException {
    Path trained = hypergrid(dir.resolve("trained"), 300);
    Path untrained = hypergrid(dir.resolve("untrained"), 1);
    png(trained.resolve(RunPictures.TRAINING), TrainingChart.WIDTH, TrainingChart.HEIGHT);
    BufferedImage after = png(trained.resolve(RunPictures.DISTRIBUTION), DistributionChart.WIDTH,
        DistributionChart.HEIGHT);
    BufferedImage before = png(untrained.resolve(RunPictures.DISTRIBUTION), DistributionChart.WIDTH,
        DistributionChart.HEIGHT);
    int[] learnedAfter = middle(after, 0, 2);
    int[] learnedBefore = middle(before, 0, 2);
    assertThat(colouredPixels(learnedAfter)).as("heatmap cells drawn").isEqualTo(learnedAfter.length);
    assertThat(difference(learnedAfter, learnedBefore)).as("trained and untrained heatmaps differ")
        .isGreaterThan(learnedAfter.length * 10L);
    long trainedGap = difference(learnedAfter, middle(after, 1, 2));
    long untrainedGap = difference(learnedBefore, middle(before, 1, 2));
    assertThat(trainedGap).as("trained heatmap nearer the target").isLessThan(untrainedGap / 2);
  }

  @Test
  void box_scattersLearnedAndTargetSamples_andTrainingShowsTheLoss(@TempDir Path dir) throws IOException {
    Path out = train(dir, "--env", "box", "--env-opt", "delta=0.25", "--loss", "tb", "--iterations", "20",
        "--batch-size", "16", "--eval-every", "10", "--hidden", "16", "--layers", "1", "--seed", "2");
    BufferedImage training = png(out.resolve(RunPictures.TRAINING), TrainingChart.WIDTH, TrainingChart.HEIGHT);
    assertThat(colouredPixels(middle(training, 0, 1))).isPositive();
    BufferedImage distribution = png(out.resolve(RunPictures.DISTRIBUTION), DistributionChart.WIDTH,
        DistributionChart.HEIGHT);
    for (int panel = 0; panel < 2; panel++) {
      int[] middle = middle(distribution, panel, 2);
      assertThat(colouredPixels(middle)).as("points in panel %d", panel).isGreaterThan(middle.length / 50);
    }
  }
}
