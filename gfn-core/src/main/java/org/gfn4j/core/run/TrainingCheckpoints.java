package org.gfn4j.core.run;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.gfn4j.core.io.AtomicFiles;
import org.gfn4j.core.train.Trainer;

/**
 * The training checkpoints of a run folder, from which a run resumes exactly: each is a folder
 * {@code checkpoints/iteration-000500} with the model ({@code checkpoint.json}, {@code parameters.bin}) and the
 * trainer's state ({@code state.bin}: optimiser moments, random streams, replay buffer, evaluator and listener
 * accumulations), written as a whole ({@link AtomicFiles#writeFolder}); {@code checkpoint.json} holds the CRC-32 of
 * the other two and of itself. The newest {@value #KEPT} are kept, so that a damaged newest one never leaves a run
 * without a good one.
 *
 * <pre>{@code
 * TrainingCheckpoints.Resumption from = TrainingCheckpoints.open(runFolder);
 * TrainingRun run = from.rebuild(factory, 0);
 * Trainer trainer = run.trainer(listeners);
 * from.restore(trainer);
 * trainer.run();
 * }</pre>
 */
public final class TrainingCheckpoints {
  /** The folder of a run's training checkpoints. */
  public static final String FOLDER = "checkpoints";
  /** The trainer's state in a training checkpoint. */
  public static final String STATE = "state.bin";
  /** How many checkpoints a run keeps: the newest and the one before. */
  public static final int KEPT = 2;

  private static final String PREFIX = "iteration-";

  private TrainingCheckpoints() {}

  /**
   * Saves the run's model and the trainer's state into {@code runFolder/checkpoints/iteration-N} and removes all but
   * the newest {@value #KEPT} checkpoints.
   *
   * @param checkpointEvery the run's checkpoint interval, recorded so that a resumed run keeps it
   * @return the checkpoint's folder
   */
  public static Path save(Path runFolder, TrainingRun run, Trainer trainer, int checkpointEvery) {
    byte[] state = state(trainer);
    byte[] parameters = CheckpointStore.parameterFile(run.model());
    String metadata = CheckpointStore.metadata(run, trainer.iteration(), parameters, state, checkpointEvery);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put(CheckpointStore.PARAMETERS, parameters);
    files.put(STATE, state);
    files.put(CheckpointStore.METADATA, metadata.getBytes(StandardCharsets.UTF_8));
    Path target = runFolder.resolve(FOLDER).resolve(String.format("%s%06d", PREFIX, trainer.iteration()));
    AtomicFiles.writeFolder(target, files);
    prune(runFolder);
    return target;
  }

  private static byte[] state(Trainer trainer) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream data = new DataOutputStream(bytes);
      trainer.writeState(data);
      data.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise the trainer's state: " + e.getMessage(), e);
    }
  }

  /** The run's checkpoint folders, oldest first (by iteration); empty when it has none. */
  public static List<Path> list(Path runFolder) {
    Path folder = runFolder.resolve(FOLDER);
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(folder)) {
      return entries.filter(p -> iterationOf(p) >= 0 && Files.isDirectory(p))
          .sorted(Comparator.comparingLong(TrainingCheckpoints::iterationOf)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
    }
  }

  private static long iterationOf(Path checkpoint) {
    String name = checkpoint.getFileName().toString();
    if (!name.startsWith(PREFIX) || name.length() == PREFIX.length()) {
      return -1;
    }
    try {
      return Long.parseLong(name.substring(PREFIX.length()));
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Removes all but the newest {@value #KEPT} checkpoints, and temporary folders left by interrupted saves. */
  private static void prune(Path runFolder) {
    List<Path> checkpoints = list(runFolder);
    List<Path> stale = new ArrayList<>(checkpoints.subList(0, Math.max(0, checkpoints.size() - KEPT)));
    try (Stream<Path> entries = Files.list(runFolder.resolve(FOLDER))) {
      entries.filter(p -> p.getFileName().toString().startsWith("." + PREFIX)).forEach(stale::add);
      for (Path path : stale) {
        AtomicFiles.deleteTree(path);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove old checkpoints in " + runFolder.resolve(FOLDER) + ": "
          + e.getMessage(), e);
    }
  }

  /**
   * Opens the checkpoint to resume from and checks all its checksums: {@code folder} is a checkpoint folder, or a
   * run folder, whose newest checkpoint is taken.
   *
   * @throws IllegalArgumentException with one line naming the file and the problem when there is no checkpoint or
   *     it is damaged, naming the previous checkpoint too when that one is intact
   */
  public static Resumption open(Path folder) {
    requireNonNull(folder, "folder is null");
    if (Files.exists(folder.resolve(STATE)) || iterationOf(folder) >= 0) {
      return verified(folder);
    }
    List<Path> checkpoints = list(folder);
    if (checkpoints.isEmpty()) {
      throw new IllegalArgumentException("no training checkpoint in " + folder + ": " + folder.resolve(FOLDER)
          + " holds none (a run writes one at its end, and every --checkpoint-every iterations)");
    }
    Path newest = checkpoints.get(checkpoints.size() - 1);
    try {
      return verified(newest);
    } catch (IllegalArgumentException damaged) {
      Optional<Resumption> previous = intactBefore(checkpoints, checkpoints.size() - 1);
      if (previous.isEmpty()) {
        throw damaged;
      }
      throw new IllegalArgumentException(damaged.getMessage() + "; the previous checkpoint " + previous.get().folder()
          + " (iteration " + previous.get().checkpoint().iterations() + ") is intact: resume from that folder",
          damaged);
    }
  }

  private static Optional<Resumption> intactBefore(List<Path> checkpoints, int index) {
    for (int i = index - 1; i >= 0; i--) {
      try {
        return Optional.of(verified(checkpoints.get(i)));
      } catch (IllegalArgumentException damagedToo) {
        // look further back
      }
    }
    return Optional.empty();
  }

  private static Resumption verified(Path folder) {
    Checkpoint checkpoint = CheckpointStore.read(folder);
    if (!checkpoint.resumable()) {
      throw new IllegalArgumentException("checkpoint " + folder + " holds a model but no trainer state (" + STATE
          + "); training cannot resume from it");
    }
    byte[] state = CheckpointStore.readFile(folder, STATE);
    long crc = CheckpointStore.crc(state);
    if (crc != checkpoint.stateCrc()) {
      throw CheckpointStore.corrupt(folder.resolve(STATE), "it is not the state saved with "
          + CheckpointStore.METADATA + " (CRC " + Long.toHexString(crc) + ", expected "
          + Long.toHexString(checkpoint.stateCrc()) + ")");
    }
    long parameters = CheckpointStore.crc(CheckpointStore.readFile(folder, CheckpointStore.PARAMETERS));
    if (parameters != checkpoint.parametersCrc()) {
      throw CheckpointStore.corrupt(folder.resolve(CheckpointStore.PARAMETERS), "it is not the parameter file saved "
          + "with " + CheckpointStore.METADATA + " (CRC " + Long.toHexString(parameters) + ", expected "
          + Long.toHexString(checkpoint.parametersCrc()) + ")");
    }
    return new Resumption(folder, checkpoint, state);
  }

  /**
   * A verified training checkpoint, ready to rebuild its run and restore its trainer.
   *
   * @param folder the checkpoint's folder
   * @param checkpoint its metadata
   * @param state the trainer's state
   */
  public record Resumption(Path folder, Checkpoint checkpoint, byte[] state) {
    public Resumption {
      requireNonNull(folder, "folder is null");
      requireNonNull(checkpoint, "checkpoint is null");
      requireNonNull(state, "state is null");
    }

    /**
     * Rebuilds the run from the recorded spec, to train {@code iterations} iterations in all (0: as many as it was
     * started with), and loads the saved parameters.
     *
     * @throws IllegalArgumentException when there is nothing left to train, or the parameters do not fit
     */
    public TrainingRun rebuild(RunFactory factory, int iterations) {
      RunSpec spec = checkpoint.spec();
      int total = iterations > 0 ? iterations : spec.training().iterations();
      if (total <= checkpoint.iterations()) {
        throw new IllegalArgumentException("the run in " + folder + " has trained " + checkpoint.iterations()
            + " iterations" + (iterations > 0 ? ", not fewer than the " + iterations + " asked for"
            : " of its " + spec.training().iterations()) + "; ask for more iterations to train it longer");
      }
      TrainingRun run = factory.create(spec.withTraining(spec.training().withIterations(total)));
      CheckpointStore.loadParameters(folder, checkpoint, run.model());
      return run;
    }

    /**
     * Restores the trainer's state; the trainer must belong to the run {@link #rebuild} returned.
     *
     * @throws IllegalArgumentException naming the file and the part that does not fit
     */
    public void restore(Trainer trainer) {
      Path file = folder.resolve(STATE);
      DataInputStream data = new DataInputStream(new ByteArrayInputStream(state));
      try {
        trainer.readState(data);
        if (data.available() > 0) {
          throw CheckpointStore.corrupt(file, data.available() + " bytes left after the trainer's state");
        }
      } catch (IOException e) {
        throw CheckpointStore.corrupt(file, "it ends early (" + e + ")");
      } catch (IllegalArgumentException e) {
        throw CheckpointStore.corrupt(file, e.getMessage());
      }
      if (trainer.iteration() != checkpoint.iterations()) {
        throw CheckpointStore.corrupt(file, "it holds iteration " + trainer.iteration() + " where "
            + CheckpointStore.METADATA + " says " + checkpoint.iterations());
      }
    }
  }
}
