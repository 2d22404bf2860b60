package org.gfn4j.examples.charts;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.gfn4j.core.io.AtomicFiles;
import org.gfn4j.core.run.CheckpointStore;
import org.gfn4j.core.run.TrainingRun;
import org.jfree.chart.JFreeChart;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Writes a finished run's pictures, {@code training.png} and {@code distribution.png}, atomically and headless;
 * each carries the run's id in its title and as the PNG text entry {@value #RUN_ID_KEY}.
 */
public final class RunPictures {
  /** The file of the training curves ({@link TrainingChart}). */
  public static final String TRAINING = "training.png";

  /** The file of the learned distribution against the target ({@link DistributionChart}). */
  public static final String DISTRIBUTION = "distribution.png";

  /** The PNG text entry that holds the run's id. */
  public static final String RUN_ID_KEY = "gfn4j.run_id";

  private static final String PNG_METADATA = "javax_imageio_png_1.0";

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
    String runId = CheckpointStore.runId(run.spec());
    List<Path> written = new ArrayList<>();
    Path training = folder.resolve(TRAINING);
    JFreeChart chart = TrainingChart.chart(title(run, runId), history, learnsLogZ);
    BufferedImage curves = chart.createBufferedImage(TrainingChart.WIDTH, TrainingChart.HEIGHT);
    AtomicFiles.write(training, out -> writePng(out, curves, runId));
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
      AtomicFiles.write(file, out -> writePng(out, distribution.get(), runId));
      written.add(file);
    }
    return written;
  }

  private static String title(TrainingRun run, String runId) {
    return run.spec().environment().name() + ", " + run.spec().objective().name() + ", run " + runId;
  }

  /** Writes {@code image} as a PNG with the run's id as the text entry {@value #RUN_ID_KEY}. */
  private static void writePng(OutputStream out, BufferedImage image, String runId) throws IOException {
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(image),
          param);
      IIOMetadataNode entry = new IIOMetadataNode("tEXtEntry");
      entry.setAttribute("keyword", RUN_ID_KEY);
      entry.setAttribute("value", runId);
      IIOMetadataNode text = new IIOMetadataNode("tEXt");
      text.appendChild(entry);
      IIOMetadataNode root = new IIOMetadataNode(PNG_METADATA);
      root.appendChild(text);
      metadata.mergeTree(PNG_METADATA, root);
      writer.setOutput(stream);
      writer.write(null, new IIOImage(image, null, metadata), param);
    } finally {
      writer.dispose();
    }
  }

  /** The run id a picture {@link #write} wrote carries, or empty. */
  public static Optional<String> runIdOf(Path png) throws IOException {
    try (ImageInputStream stream = ImageIO.createImageInputStream(png.toFile())) {
      ImageReader reader = ImageIO.getImageReadersByFormatName("png").next();
      try {
        reader.setInput(stream);
        Node root = reader.getImageMetadata(0).getAsTree(PNG_METADATA);
        for (Node node = root.getFirstChild(); node != null; node = node.getNextSibling()) {
          if (node.getNodeName().equals("tEXt")) {
            for (Node e = node.getFirstChild(); e != null; e = e.getNextSibling()) {
              NamedNodeMap attributes = e.getAttributes();
              if (RUN_ID_KEY.equals(attributes.getNamedItem("keyword").getNodeValue())) {
                return Optional.of(attributes.getNamedItem("value").getNodeValue());
              }
            }
          }
        }
        return Optional.empty();
      } finally {
        reader.dispose();
      }
    }
  }
}
