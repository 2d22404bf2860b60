package org.gfn4j.core.random;


/**
 * Derives the independent random streams of a run from its one seed, so every component draws from its own
 * seeded generator and a run replays exactly from (seed, config); each stream is a {@link RandomStream}, whose
 * position a checkpoint saves.
 */
public final class Seeds {
  /** Stream for the forward policy's initial weights. */
  public static final int FORWARD_POLICY = 1;
  /** Stream for the backward policy's initial weights. */
  public static final int BACKWARD_POLICY = 2;
  /** Stream for training trajectories. */
  public static final int SAMPLING = 3;
  /** Stream for evaluation samples. */
  public static final int EVALUATION = 4;
  /** Stream for the state-flow estimator's initial weights. */
  public static final int LOG_FLOW = 5;
  /** Stream for replay-buffer draws. */
  public static final int REPLAY = 6;

  /** Stream for the initial weights of a conditional log Z estimator. */
  public static final int LOG_Z = 7;
  /** Stream for the conditions of evaluation samples. */
  public static final int CONDITIONS = 8;
  /** Stream for the sampled metrics (fresh samples, the held-out set, backward trajectories). */
  public static final int SAMPLED_METRICS = 9;
  /** Stream for local search: backward walks, reconstructions and acceptance draws. */
  public static final int LOCAL_SEARCH = 10;
  /** First stream of the extra estimator outputs objectives ask for (one stream per output, by key order). */
  public static final int EXTRA_OUTPUTS = 100;

  private Seeds() {}

  /** The generator of stream {@code stream} of the run seeded with {@code seed}. */
  public static RandomStream stream(long seed, int stream) {
    return new RandomStream(new RandomStream(seed ^ (0x9E3779B97F4A7C15L * stream)).nextLong());
  }
}
