package org.gfn4j.examples.cli;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gfn4j.core.io.AtomicFiles;
import org.gfn4j.core.run.CheckpointStore;
import org.gfn4j.core.run.TrainingCheckpoints;
import org.gfn4j.examples.charts.RunPictures;

/**
 * The {@code --out} folder of a training run, made ready before training: created, probed for writing (a
 * temporary file created, written and deleted in it), and refused when it already holds a run unless it may be
 * overwritten.
 */
final class OutputFolder {
  /** Files that mark a folder as holding a run. */
  static final List<String> RUN_FILES = List.of(CheckpointStore.METADATA, "summary.json", "metrics.csv",
      TrainingCheckpoints.FOLDER);

  /** Checks that a folder can be written to; throws with the reason when it cannot. */
  @FunctionalInterface
  interface Probe {
    /** Writes and removes a temporary file in {@code folder}. */
    void probe(Path folder) throws IOException;
  }

  /** The probe in force; tests replace it to simulate a full disk. */
  static volatile Probe probe = OutputFolder::writeTemporaryFile;

  private OutputFolder() {}

  /**
   * Creates {@code folder} if needed, checks that it is writable, and refuses one that holds a run unless
   * {@code overwrite}; with {@code overwrite}, removes the earlier run's files so that two runs never mix.
   *
   * @throws UncheckedIOException naming the folder and the reason when it cannot be created or written
   * @throws IllegalArgumentException naming the folder and the file found when it holds a run
   */
  static void prepare(Path folder, boolean overwrite) {
    requireNonNull(folder, "folder is null");
    try {
      Files.createDirectories(folder);
    } catch (FileAlreadyExistsException e) {
      throw new UncheckedIOException("cannot use --out " + folder + ": " + e.getFile() + " exists and is not a "
          + "folder; give a folder path", e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create --out " + folder + ": " + reason(e) + "; give a folder that "
          + "can be created", e);
    }
    List<String> held = RUN_FILES.stream().filter(name -> Files.exists(folder.resolve(name))).toList();
    if (!held.isEmpty() && !overwrite) {
      throw new IllegalArgumentException("--out " + folder + " already holds a run (" + String.join(", ", held)
          + "); give another folder, --resume " + folder + " to continue it, or --overwrite to replace it");
    }
    probeWritable("--out", folder);
    if (!held.isEmpty()) {
      try {
        for (String name : List.of(CheckpointStore.METADATA, CheckpointStore.PARAMETERS, "summary.json",
            "metrics.csv", RunPictures.TRAINING, RunPictures.DISTRIBUTION)) {
          Files.deleteIfExists(folder.resolve(name));
        }
        for (Path checkpoint : TrainingCheckpoints.list(folder)) {
          AtomicFiles.deleteTree(checkpoint);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove the earlier run in --out " + folder + ": " + reason(e), e);
      }
    }
  }

  /**
   * Checks that {@code folder} can be written to, with the probe in force.
   *
   * @param option the option that named the folder, for the message
   * @throws UncheckedIOException naming the folder and the reason when it cannot
   */
  static void probeWritable(String option, Path folder) {
    try {
      probe.probe(folder);
    } catch (IOException | RuntimeException e) {
      throw new UncheckedIOException("cannot write to " + option + " " + folder + ": " + reason(e) + "; give a writable "
          + "folder with free space", e instanceof IOException io ? io : new IOException(e));
    }
  }

  /** The default probe: a temporary file with a few kilobytes, forced to disk, then deleted. */
  private static void writeTemporaryFile(Path folder) throws IOException {
    Path file = Files.createTempFile(folder, ".gfn4j-probe-", ".tmp");
    try {
      Files.write(file, new byte[4096]);
    } finally {
      Files.deleteIfExists(file);
    }
  }

  private static String reason(Exception e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException fs && fs.getReason() != null) {
      return fs.getReason();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
