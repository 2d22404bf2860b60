package org.gfn4j.core.run;

import static java.util.Objects.requireNonNull;

/**
 * The metadata of a saved model, {@code checkpoint.json}: what it is, how it was made, how far it was trained, and
 * the checksums that tie its files together.
 *
 * @param format file format version
 * @param gfn4jVersion the gfn4j version that wrote it
 * @param runId the run's id ({@link CheckpointStore#runId}), null in format 1
 * @param spec the run it came from (plugins, options, training settings and seed)
 * @param iterations iterations trained
 * @param logZ the learned log Z
 * @param parametersCrc CRC-32 of the whole {@code parameters.bin} written with this metadata, so a parameter file
 *     from another save is detected
 * @param stateCrc CRC-32 of the whole {@code state.bin} of a training checkpoint (the trainer's state, from which a
 *     run resumes), null for a model saved without it
 * @param checkpointEvery the interval of the run's training checkpoints (0: none), which a resumed run keeps
 * @param checksum CRC-32 of this file's own text with this value written as 0, so an edit or a truncation is
 *     detected; null in format 1
 */
public record Checkpoint(int format, String gfn4jVersion, String runId, RunSpec spec, int iterations, double logZ,
    long parametersCrc, Long stateCrc, int checkpointEvery, Long checksum) {
  /** The format this version writes; it also reads format 1 (no run id, no checksums but the parameters'). */
  public static final int FORMAT = 2;

  public Checkpoint {
    requireNonNull(gfn4jVersion, "gfn4jVersion is null");
    requireNonNull(spec, "spec is null");
  }

  /** Whether this checkpoint holds a trainer's state, so that training can resume from it. */
  public boolean resumable() {
    return stateCrc != null;
  }
}
