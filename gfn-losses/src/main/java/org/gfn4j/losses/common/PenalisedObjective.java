package org.gfn4j.losses.common;

import static java.util.Objects.requireNonNull;

import org.gfn4j.api.data.Trajectories;
import org.gfn4j.api.objective.LogRewardClip;
import org.gfn4j.api.objective.Objective;
import org.gfn4j.api.objective.ResidualPenalty;

/**
 * Base of the built-in objectives: each penalises balance residuals with a {@link ResidualPenalty}, clips the
 * log-rewards it reads with a {@link LogRewardClip}, and names itself in error messages. Subclasses are immutable
 * and thread-safe.
 */
public abstract class PenalisedObjective implements Objective {
  private final String name;
  private final ResidualPenalty penalty;
  private final LogRewardClip clip;

  /**
   * @param name the objective's name in messages ({@code "detailed balance"})
   * @param penalty applied to each residual
   * @param clip lower clip of every log-reward read
   */
  protected PenalisedObjective(String name, ResidualPenalty penalty, LogRewardClip clip) {
    this.name = requireNonNull(name, "name is null");
    this.penalty = requireNonNull(penalty, "penalty is null");
    this.clip = requireNonNull(clip, "clip is null");
  }

  /** The penalty applied to each residual. */
  public final ResidualPenalty penalty() {
    return penalty;
  }

  /** The lower clip of log-rewards. */
  public final LogRewardClip clip() {
    return clip;
  }

  /** The name used in messages. */
  protected final String name() {
    return name;
  }

  /** A new, empty sum of penalised residuals. */
  protected final PenaltySum newSum() {
    return new PenaltySum(penalty);
  }

  /**
   * Fails unless the batch has a trajectory.
   *
   * @throws IllegalArgumentException for an empty batch
   */
  protected final void requireNonEmpty(Trajectories trajectories) {
    if (trajectories.count() == 0) {
      throw new IllegalArgumentException(name + " needs at least one trajectory, got an empty batch");
    }
  }

  /** The checked, clipped log-reward of trajectory {@code i} ({@link LogRewards#terminal}). */
  protected final double terminalLogReward(Trajectories trajectories, int i) {
    return LogRewards.terminal(name, trajectories, i, clip);
  }

  /** The checked, clipped log-reward of the state of row {@code row} ({@link LogRewards#state}). */
  protected final double stateLogReward(Trajectories trajectories, double[] stateLogRewards, int row) {
    return LogRewards.state(name, trajectories, stateLogRewards, row, clip);
  }

  /** The options beyond the penalty and the clip, for {@link #toString}: {@code ", lambda=0.9"}, or empty. */
  protected String options() {
    return "";
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[penalty=" + penalty + ", clip=" + clip + options() + "]";
  }
}
