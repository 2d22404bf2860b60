package org.gfn4j.examples.charts;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.gfn4j.core.io.AtomicFiles;
import org.gfn4j.core.run.TrainingRun;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;

/** Writes a finished run's pictures, {@code training.png} and {@code distribution.png}, atomically and headless. */
public final class RunPictures {
  /** The file of the training curves ({@link TrainingChart}). */
  public static final String TRAINING = "training.png";

  /** The file of the learned distribution against the target ({@link DistributionChart}). */
  public static final String DISTRIBUTION = "distribution.png";

  static {
    // no display: AWT draws into images only (set before the first AWT class initialises)
    System.setProperty("java.awt.headless", "true");
  }

  private RunPictures() {}

  /**
   * Writes {@code training.png} into {@code folder}, and {@code distribution.png} when the run's environment can be
   * compared with its target; returns the files written.
   *
   * @param learnsLogZ whether the run's objective learns log Z (else training.png shows none)
   * @throws UncheckedIOException naming the file when one cannot be written
   */
  public static List<Path> write(Path folder, TrainingRun run, TrainingHistory history, boolean learnsLogZ) {
    List<Path> written = new ArrayList<>();
    Path training = folder.resolve(TRAINING);
    JFreeChart chart = TrainingChart.chart(title(run), history, learnsLogZ);
    AtomicFiles.write(training, out -> ChartUtils.writeChartAsPNG(out, chart, TrainingChart.WIDTH,
        TrainingChart.HEIGHT));
    written.add(training);
    Optional<BufferedImage> distribution = DistributionChart.image(run);
    Path file = folder.resolve(DISTRIBUTION);
    if (distribution.isEmpty()) {
      try {
        Files.deleteIfExists(file); // an earlier run's picture would pass for this run's
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove " + file + ": " + e.getMessage(), e);
      }
    } else {
      AtomicFiles.write(file, out -> {
        if (!ImageIO.write(distribution.get(), "png", out)) {
          throw new IOException("no PNG writer");
        }
      });
      written.add(file);
    }
    return written;
  }

  private static String title(TrainingRun run) {
    return run.spec().environment().name() + ", " + run.spec().objective().name() + ", seed "
        + run.spec().training().seed();
  }
}
