package org.gfn4j.core.replay;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * Whether and how training replays past samples: each iteration trains on the fresh batch plus as many
 * trajectories drawn from the buffer, once it holds that many.
 *
 * @param capacity entries kept; 0 disables replay
 * @param kind what is kept and how it is drawn
 */
public record ReplayConfig(int capacity, Kind kind) {
  /** No replay. */
  public static final ReplayConfig NONE = new ReplayConfig(0, Kind.UNIFORM);

  /** What a buffer keeps and how it samples. */
  public enum Kind {
    /** The most recent trajectories, drawn uniformly. */
    UNIFORM,
    /** The highest-reward trajectories seen, drawn uniformly. */
    PRIORITIZED,
    /** The most recent trajectories, drawn in proportion to their reward. */
    PROPORTIONAL,
    /** The highest-reward trajectories seen, drawn in proportion to their reward. */
    PRIORITIZED_PROPORTIONAL,
    /** The most recent terminal objects, drawn uniformly and re-sampled backwards with PB into trajectories. */
    TERMINAL;

    /** The word users type ({@code "prioritized-proportional"}). */
    public String word() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The kind named by {@code word}. */
    public static Kind of(String word) {
      for (Kind kind : values()) {
        if (kind.word().equals(word.toLowerCase(Locale.ROOT))) {
          return kind;
        }
      }
      throw new IllegalArgumentException("unknown buffer kind '" + word + "'; accepted: uniform, prioritized, "
          + "proportional, prioritized-proportional, terminal");
    }
  }

  public ReplayConfig {
    requireNonNull(kind, "kind is null");
    if (capacity < 0) {
      throw new IllegalArgumentException("replay buffer capacity must be >= 0 (0: no replay), got " + capacity);
    }
  }

  /** Whether replay is on. */
  public boolean enabled() {
    return capacity > 0;
  }
}
