package org.gfn4j.core.run;

import static java.util.Objects.requireNonNull;


/**
 * The metadata of a saved model: what it is, how it was made, and how far it was trained.
 *
 * @param format file format version
 * @param gfn4jVersion the gfn4j version that wrote it
 * @param spec the run it came from (plugins, options, training settings and seed)
 * @param iterations iterations trained
 * @param logZ the learned log Z
 * @param parametersCrc CRC-32 of the whole {@code parameters.bin} written with this metadata, so a parameter file
 *     from another save is detected
 */
public record Checkpoint(int format, String gfn4jVersion, RunSpec spec, int iterations, double logZ,
    long parametersCrc) {
  /** The format this version writes and reads. */
  public static final int FORMAT = 1;

  public Checkpoint {
    requireNonNull(gfn4jVersion, "gfn4jVersion is null");
    requireNonNull(spec, "spec is null");
  }
}
